"""Baseline: a bot that does per request exactly what the lesson's code does.

/train builds the tutorial's model, `model.fit(epochs=500)`, `model.predict`, and draws the loss
with pyplot; /convert trains the same way and predicts. Run: python -m benchmarks.lesson_bot
"""

from __future__ import annotations

import io
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, CommandHandler, ContextTypes

celsius_q = np.array([-40, -10, 0, 8, 15, 22, 38], dtype=float)
fahrenheit_a = np.array([-40, 14, 32, 46, 59, 72, 100], dtype=float)


async def train(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The lesson, verbatim."""
    l0 = tf.keras.layers.Dense(units=1)
    model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), l0])
    model.compile(loss="mean_squared_error", optimizer=tf.keras.optimizers.Adam(0.1))
    history = model.fit(celsius_q, fahrenheit_a, epochs=500, verbose=False)
    prediction = model.predict(np.array([100.0]), verbose=0)
    plt.figure()
    plt.xlabel("Epoch Number")
    plt.ylabel("Loss Magnitude")
    plt.plot(history.history["loss"])
    buffer = io.BytesIO()
    plt.savefig(buffer, format="png")
    plt.close()
    weights = l0.get_weights()
    caption = (
        f"Trained 500 epochs. 100 °C → {prediction[0][0]:.2f} °F. "
        f"Weight {weights[0][0][0]:.4f}, bias {weights[1][0]:.4f}"
    )
    if update.effective_message is not None:  # a command's update always has one
        await update.effective_message.reply_photo(buffer.getvalue(), caption=caption)


async def post_init(application: Application) -> None:
    await application.bot.set_my_commands([BotCommand("train", "train")])


def main() -> None:
    builder = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .rate_limiter(AIORateLimiter(overall_max_rate=0))
        .post_init(post_init)
    )
    if os.environ.get("TELEGRAM_BASE_URL"):
        builder = builder.base_url(os.environ["TELEGRAM_BASE_URL"])
    application = builder.build()
    application.add_handler(CommandHandler("train", train))
    application.run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    main()
