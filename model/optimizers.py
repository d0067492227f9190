"""Which Keras optimizer a chat trains with, written as one short string everything stores and
shows: `adam`, `rmsprop`, `sgd`, `sgd momentum=0.9`, `sgd momentum=0.9 nesterov`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ModelError

OPTIMIZERS = ("adam", "sgd", "rmsprop")
if TYPE_CHECKING:
    import keras

MOMENTUM_STEPS = 100  # momentum has at most two decimals: one compiled trainer per value


@dataclass(frozen=True)
class Optimizer:
    """An optimizer's name and, for SGD, its momentum (0 ≤ β < 1) and whether it is Nesterov's."""

    name: str
    momentum: float = 0.0
    nesterov: bool = False

    def __post_init__(self) -> None:
        if self.name not in OPTIMIZERS:
            raise ModelError("unknown_optimizer", name=self.name, choices=", ".join(OPTIMIZERS))
        beta = self.momentum
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or not math.isfinite(beta):
            raise ModelError("momentum_range")
        if beta and self.name != "sgd":
            raise ModelError("momentum_sgd_only", optimizer=self.name)
        if not 0 <= beta < 1 or not math.isclose(
            beta * MOMENTUM_STEPS, round(beta * MOMENTUM_STEPS), abs_tol=1e-9
        ):
            raise ModelError("momentum_range")
        object.__setattr__(self, "momentum", round(float(beta), 2))
        if self.nesterov and not self.momentum:
            raise ModelError("nesterov_needs_momentum")

    @classmethod
    def parse(cls, text: str) -> Optimizer:
        """The optimizer a stored string names (the inverse of `str`)."""
        name, *options = text.split()
        momentum, nesterov = 0.0, False
        for option in options:
            if option.startswith("momentum="):
                momentum = float(option.removeprefix("momentum="))
            elif option == "nesterov":
                nesterov = True
            else:
                raise ModelError("unknown_optimizer", name=text, choices=", ".join(OPTIMIZERS))
        return cls(name, momentum, nesterov)

    def __str__(self) -> str:
        words = [self.name]
        if self.momentum:
            words.append(f"momentum={self.momentum:g}")
        if self.nesterov:
            words.append("nesterov")
        return " ".join(words)

    @property
    def plain_sgd(self) -> bool:
        """Gradient descent with no momentum: every update is −lr × gradient."""
        return self.name == "sgd" and not self.momentum

    def build(self, learning_rate: float = 0.1) -> keras.optimizers.Optimizer:
        """Keras's own optimizer, with its default hyper-parameters but these."""
        import keras  # here: the settings' checks need no TensorFlow

        if self.name == "sgd":
            return keras.optimizers.SGD(
                learning_rate=learning_rate, momentum=self.momentum, nesterov=self.nesterov
            )
        optimizers = {"adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop}
        return optimizers[self.name](learning_rate=learning_rate)

    def stable_limit(self, largest_eigenvalue: float) -> float | None:
        """The largest learning rate at which this optimizer's steps settle on a quadratic whose
        Hessian's largest eigenvalue is given: 2/λ for plain SGD, 2(1+β)/λ with momentum β,
        2(1+β)/((1+2β)λ) for Nesterov's (from the update's eigenvalues). None for Adam and
        RMSprop, whose steps scale themselves."""
        if self.name != "sgd":
            return None
        beta = self.momentum
        if self.nesterov:
            return 2 * (1 + beta) / ((1 + 2 * beta) * largest_eigenvalue)
        return 2 * (1 + beta) / largest_eigenvalue


def checked(text: str) -> str:
    """`text` if it names an optimizer (ModelError otherwise), in its one written form."""
    return str(Optimizer.parse(text))
