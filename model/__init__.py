"""The ML core: the lesson's Keras regressor as a fast, many-session async service.

No Telegram here. Importing this package does not import TensorFlow; `ModelService` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dataset import Dataset, fahrenheit
from .errors import ModelError
from .labels import PlotLabels
from .optimizers import OPTIMIZERS
from .results import LayerWeights, Prediction, ServiceStats, TrainResult, WeightsReport
from .settings import ACTIVATIONS, Architecture, TrainSettings

if TYPE_CHECKING:
    from .service import ModelService

__all__ = [
    "ACTIVATIONS",
    "OPTIMIZERS",
    "Architecture",
    "Dataset",
    "LayerWeights",
    "ModelError",
    "ModelService",
    "PlotLabels",
    "Prediction",
    "ServiceStats",
    "TrainResult",
    "TrainSettings",
    "WeightsReport",
    "fahrenheit",
]


def __getattr__(name: str) -> object:
    # TensorFlow takes seconds to import: load it only when the service is asked for.
    if name == "ModelService":
        from .service import ModelService

        return ModelService
    raise AttributeError(name)
