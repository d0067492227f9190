import io

import numpy as np
from PIL import Image

from model import Dataset
from model.plots import fit_png, line_range, loss_curve_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def decode(png: bytes) -> Image.Image:
    assert png.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_loss_curve_is_a_png_legible_on_a_phone():
    image = decode(loss_curve_png(np.geomspace(5000, 0.5, 500)))
    assert image.width >= 600 and image.height >= 450
    # Something was drawn: many distinct colours, not a blank canvas.
    assert len(image.convert("RGB").getcolors(maxcolors=100_000)) > 50


def test_loss_curve_draws_a_single_epoch_and_non_positive_losses():
    decode(loss_curve_png([3.0]))
    decode(loss_curve_png([0.0, 0.0]))


def test_fit_plot_shows_data_model_and_formula():
    data = Dataset()
    xs = line_range(data)
    assert xs.min() < -40 and xs.max() > 38
    decode(fit_png(data, xs, xs * 1.8 + 30))


def test_line_range_stays_within_the_value_limit():
    xs = line_range(Dataset((-1e6, 1e6), (0, 0)))
    assert xs.min() >= -1e6 and xs.max() <= 1e6
