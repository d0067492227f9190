"""The Telegram transport: handlers, the outbox and its edits, the per-chat rate limiter, the
connections to the Bot API, the webhook, group admins, and what a restart takes up again."""
