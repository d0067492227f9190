"""The Keras Dense stack's forward pass in numpy, from its weights alone: the normalization in
front (if any), `x @ kernel + bias` through the hidden layers with their activation, a linear
output. In float32 it is what `model.predict` computes (model/answers.py answers with it); in
float64 it is where the curve really is (model/inverse.py runs the model backwards on it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .normalization import normalize, normalize64
from .session import Arrays
from .settings import Architecture


def forward(
    architecture: Architecture,
    weights: Arrays,
    celsius: Sequence[float] | np.ndarray,
    dtype: type[np.floating] = np.float32,
) -> np.ndarray:
    """The model's °F for each °C, computed in `dtype` (float64 out)."""
    values = np.asarray(celsius, dtype).reshape(-1, 1)
    if architecture.normalization is not None:
        stats = architecture.normalization
        values = normalize(values, stats) if dtype == np.float32 else normalize64(values, stats)
    last = len(weights) - 2
    for i in range(0, len(weights), 2):
        kernel, bias = (np.asarray(w, dtype) for w in weights[i : i + 2])
        values = values @ kernel + bias
        if i < last:
            if architecture.activation == "relu":
                values = np.maximum(values, dtype(0))
            elif architecture.activation == "tanh":
                values = np.tanh(values)
    return values[:, 0].astype(np.float64)
