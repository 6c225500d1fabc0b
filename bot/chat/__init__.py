"""The transport-free chat: dialogue, its texts and reading, matching, scripted runs.

Used by the web chat and the Telegram adapter alike; nothing here knows a transport.
"""
