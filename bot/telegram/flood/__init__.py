"""Telegram's flood limits in one place: the sliding windows' arithmetic (windows), the rate
limiter python-telegram-bot sends through (limiter), and the windows every worker counts in on
PostgreSQL (shared)."""
