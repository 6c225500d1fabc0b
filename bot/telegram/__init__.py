"""The Telegram adapter: python-telegram-bot application, handlers, webhook, pacing."""
