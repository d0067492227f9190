"""Checks on the PNG pictures the bot sends, for tests that have only the bytes.

A picture passes if it is a PNG of exactly the size model.plots draws, and if the curves it must
show are there: enough pixels of each curve's colour inside the axes rectangle, spread across it.
An empty axes (a line with no data, a blank canvas) is rejected.
"""

from __future__ import annotations

import io
from typing import NamedTuple

import numpy as np
from matplotlib.colors import to_rgb
from PIL import Image

from model.plots import (
    DATA_COLOR,
    DPI,
    FORMULA_COLOR,
    LOSS_COLOR,
    MODEL_COLOR,
    SIZE_INCHES,
    SUBPLOT_ADJUST,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXPECTED_SIZE = (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))  # (width, height) px
# How far (Euclidean, 0–255 RGB) a pixel may be from a colour and still count as that colour:
# admits a line's anti-aliased core, rejects the grey grid, the black text and blends of two lines.
COLOUR_TOLERANCE = 60
# A line drawn from the first to the last x of the data crosses at least this much of the axes'
# width (autoscaling leaves a 5% margin each side; the legend's short samples cross under 10%),
# and the loss curve, drawn in every column it crosses, has pixels in this much of its columns.
LINE_SPAN = 0.8
# So it starts and ends within this fraction of the axes' width from the axes' edges.
LINE_EDGE = 0.1
# One plotted point is about 100 pixels; the legend shows one sample point, the data at least one.
MIN_POINT_PIXELS = 150
# The data points (or the legend's sample and one point) spread over this much of the axes'
# width or height; the legend's sample alone covers 2%.
POINTS_SPREAD = 0.2


class Box(NamedTuple):
    """A pixel rectangle of an image: columns left..right-1, rows top..bottom-1."""

    left: int
    top: int
    right: int
    bottom: int


def decode_png(data: bytes) -> Image.Image:
    """`data` decoded; asserts it is a PNG of EXPECTED_SIZE."""
    assert data.startswith(PNG_MAGIC), f"not a PNG: {data[:16]!r}"
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    assert image.size == EXPECTED_SIZE, f"size {image.size}, expected {EXPECTED_SIZE}"
    return image


def axes_box(image: Image.Image) -> Box:
    """The inside of the axes in `image`'s pixels (figure fractions count rows from the bottom,
    image rows from the top)."""
    width, height = image.size
    return Box(
        left=int(np.ceil(SUBPLOT_ADJUST["left"] * width)),
        top=int(np.ceil((1 - SUBPLOT_ADJUST["top"]) * height)),
        right=int(np.floor(SUBPLOT_ADJUST["right"] * width)),
        bottom=int(np.floor((1 - SUBPLOT_ADJUST["bottom"]) * height)),
    )


def colour_mask(image: Image.Image, colour: str) -> np.ndarray:
    """Booleans over the axes' inside (rows × columns): which pixels are close to `colour`."""
    box = axes_box(image)
    pixels = np.asarray(image.convert("RGB"), np.float64)
    pixels = pixels[box.top : box.bottom, box.left : box.right]
    target = np.array(to_rgb(colour)) * 255
    return np.linalg.norm(pixels - target, axis=2) <= COLOUR_TOLERANCE


def _extent(present: np.ndarray) -> int:
    """Pixels from the first True to the last True (0 if none)."""
    where = np.flatnonzero(present)
    return int(where[-1] - where[0] + 1) if len(where) else 0


def assert_line_spans_axes(image: Image.Image, colour: str, name: str) -> np.ndarray:
    """Pixels of `colour` inside the axes reach across at least LINE_SPAN of its width."""
    mask = colour_mask(image, colour)
    span = _extent(mask.any(axis=0)) / mask.shape[1]
    assert span >= LINE_SPAN, (
        f"the {name} ({colour}) crosses {span:.0%} of the axes' width, expected ≥ {LINE_SPAN:.0%}"
        f" ({int(mask.sum())} pixels of its colour)"
    )
    return mask


def assert_loss_curve_png(data: bytes) -> Image.Image:
    """`data` is a loss curve as model.plots draws it: a PNG of EXPECTED_SIZE whose loss line
    (LOSS_COLOR) runs from the axes' left edge to its right edge (within LINE_EDGE of each),
    drawn in at least LINE_SPAN of the columns between.

    Needs at least two epochs (one epoch is a single point, which draws no line).
    """
    image = decode_png(data)
    mask = colour_mask(image, LOSS_COLOR)
    width = mask.shape[1]
    columns = np.flatnonzero(mask.any(axis=0))
    assert len(columns), f"no pixel of the loss curve's colour ({LOSS_COLOR}) inside the axes"
    first, last = columns[[0, -1]]
    assert first < LINE_EDGE * width and last >= (1 - LINE_EDGE) * width, (
        f"the loss curve runs over columns {first}..{last} of the axes' {width}: "
        "it should start at the left edge and end at the right edge"
    )
    drawn = len(columns) / width
    assert drawn >= LINE_SPAN, (
        f"the loss curve is drawn in only {drawn:.0%} of the axes' columns, expected ≥ "
        f"{LINE_SPAN:.0%}"
    )
    return image


def assert_fit_png(data: bytes) -> Image.Image:
    """`data` is a fit plot as model.plots draws it: a PNG of EXPECTED_SIZE showing the model's
    line (MODEL_COLOR) and the formula's (FORMULA_COLOR) across the axes, and data points
    (DATA_COLOR) beyond the legend's sample.

    Needs at least one data point.
    """
    image = decode_png(data)
    assert_line_spans_axes(image, MODEL_COLOR, "model's line")
    assert_line_spans_axes(image, FORMULA_COLOR, "formula's line")
    points = colour_mask(image, DATA_COLOR)
    count = int(points.sum())
    assert count >= MIN_POINT_PIXELS, (
        f"{count} pixels of the data points' colour ({DATA_COLOR}), expected ≥ {MIN_POINT_PIXELS}"
    )
    spread = max(
        _extent(points.any(axis=0)) / points.shape[1], _extent(points.any(axis=1)) / points.shape[0]
    )
    assert spread >= POINTS_SPREAD, (
        f"the data points' colour covers only {spread:.0%} of the axes (just the legend's sample?)"
    )
    return image
