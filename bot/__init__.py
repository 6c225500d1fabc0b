"""The e-community chat: a transport-free dialogue and its Telegram adapter."""
