"""`python -m model`: the lesson in the terminal — train, show the weights, predict, plot.

A developer's check of the model layer alone, in English; users meet the lesson through the bot,
whose texts are catalogued in every language (bot/text/locales).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from .labels import PlotLabels
from .plots import loss_curve_png
from .settings import TrainSettings


async def lesson(out_dir: Path) -> None:
    """Train the lesson's model, print what it learned and write its loss curve."""
    from .service import DEFAULT_MODEL_SEED, ModelService

    service = ModelService()
    try:
        print("Training Dense(1) on 7 Celsius→Fahrenheit pairs: Adam(0.1), 500 epochs…")
        result = await service.train(0, TrainSettings(seed=DEFAULT_MODEL_SEED))
        weight, bias = result.weights.slope_and_intercept or (float("nan"), float("nan"))
        prediction = await service.predict(0, [100.0])
        print(
            f"Loss: {result.losses[0]:.1f} at epoch 1 → {result.final_loss:.3f} at epoch 500"
            f" ({result.seconds * 1000:.1f} ms)"
        )
        print(f"Weight {weight:.4f} (formula: 1.8), bias {bias:.4f} (formula: 32)")
        print(f"100 °C → {prediction.fahrenheit[0]:.2f} °F (formula: 212)")
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "loss.png"
        labels = PlotLabels(loss_title="Training loss", epoch="Epoch", loss="Loss (MSE)")
        path.write_bytes(loss_curve_png(result.losses, labels))
        print(f"Loss curve written to {path}")
    finally:
        service.close()


def main() -> None:
    """Entry point: the lesson, with the plot written under the folder given (default ./out)."""
    asyncio.run(lesson(Path(sys.argv[1] if len(sys.argv) > 1 else "out")))


if __name__ == "__main__":
    main()
