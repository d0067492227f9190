"""Baseline: a bare python-telegram-bot bot answering /convert with the formula, no model.

The framework set up as c2f-bot sets it up (rate limiter, concurrent updates, the same settings)
but with python-telegram-bot's own connections to the Bot API — or, with BARE_QUEUED_REQUESTS=1,
with c2f-bot's (bot/telegram/connections.py), which leaves only the handlers' work between the two.
Run: python -m benchmarks.bare_bot
"""

from __future__ import annotations

import os

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, CommandHandler, ContextTypes

from bot.telegram.connections import QueuedRequest


async def convert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/convert <°C> ...: the formula only."""
    values = [float(a) for a in context.args or ["100"]]
    lines = [f"{c:g} °C → {c * 1.8 + 32:.2f} °F" for c in values]
    if update.effective_message is not None:  # a command's update always has one
        await update.effective_message.reply_text("\n".join(lines))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start"""
    if update.effective_message is not None:  # a command's update always has one
        await update.effective_message.reply_text("Bare bot: /convert 100")


async def post_init(application: Application) -> None:
    await application.bot.set_my_commands([BotCommand("convert", "convert")])


def main() -> None:
    rate = float(os.environ.get("BOT_MESSAGES_PER_SECOND", "30"))
    builder = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .rate_limiter(AIORateLimiter(overall_max_rate=rate))
        .concurrent_updates(True)
        .post_init(post_init)
    )
    if os.environ.get("BARE_QUEUED_REQUESTS"):
        builder = builder.request(QueuedRequest())
    if os.environ.get("TELEGRAM_BASE_URL"):
        builder = builder.base_url(os.environ["TELEGRAM_BASE_URL"])
    application = builder.build()
    application.add_handler(CommandHandler("convert", convert))
    application.add_handler(CommandHandler(["start", "help"], start))
    application.run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    main()
