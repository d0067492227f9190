"""°F → °C by inverting the model (model/inverse.py): exact for a line, every crossing of a
network's curve, none where the curve never goes — checked against the bot's own predict()."""

from __future__ import annotations

import numpy as np
import pytest

from model import Architecture
from model.answers import predict
from model.inverse import MAX_SOLUTIONS, invert

LINE = Architecture()


def arrays(*values: list) -> list[np.ndarray]:
    return [np.asarray(v, np.float32) for v in values]


def test_a_line_is_inverted_exactly() -> None:
    weights = arrays([[1.79]], [31.0])
    (solutions,), line = invert(LINE, weights, [212.0])
    assert line == pytest.approx((np.float32(1.79), 31.0))
    assert solutions == pytest.approx(((212.0 - 31.0) / np.float32(1.79),), rel=1e-12)


@pytest.mark.parametrize("fahrenheit", [-40.0, 32.0, 98.6, 212.0, 5_000.0])
def test_what_the_inversion_says_is_what_the_model_answers(fahrenheit: float) -> None:
    weights = arrays([[1.8027]], [29.61])
    normalized = Architecture(normalization=(11.857, 546.4))
    linear_net = Architecture(hidden=(3, 2), activation="linear")
    net_weights = arrays(
        [[0.5, -1.0, 2.0]],
        [1.0, 0.0, -3.0],
        [[1.0, 0.2], [-0.4, 1.0], [0.3, 0.1]],
        [0.5, 1.0],
        [[1.1], [0.9]],
        [7.0],
    )
    for architecture, values in ((LINE, weights), (normalized, weights), (linear_net, net_weights)):
        (solutions,), line = invert(architecture, values, [fahrenheit])
        assert line is not None and len(solutions) == 1
        assert predict(architecture, values, solutions)[0] == pytest.approx(fahrenheit, rel=1e-5)


def test_a_flat_line_answers_nothing() -> None:
    (solutions,), line = invert(LINE, arrays([[0.0]], [32.0]), [212.0])
    assert line is not None and solutions == ()


# |c| as a ReLU network: relu(c) + relu(−c).
V_SHAPE = Architecture(hidden=(2,), activation="relu")
V_WEIGHTS = arrays([[1.0, -1.0]], [0.0, 0.0], [[1.0], [1.0]], [0.0])


def test_a_curve_met_twice_gives_both_answers() -> None:
    (solutions,), line = invert(V_SHAPE, V_WEIGHTS, [10.0])
    assert line is None
    assert solutions == pytest.approx((-10.0, 10.0), abs=1e-9)


def test_a_value_the_curve_never_reaches_gives_none() -> None:
    (solutions,), _ = invert(V_SHAPE, V_WEIGHTS, [-5.0])
    assert solutions == ()


def test_a_saturating_curve_answers_only_inside_its_range() -> None:
    # 100·tanh(c / 100): between −100 and 100 °F only.
    tanh = Architecture(hidden=(1,), activation="tanh")
    weights = arrays([[0.01]], [0.0], [[100.0]], [0.0])
    (inside, beyond), _ = invert(tanh, weights, [50.0, 150.0])
    assert len(inside) == 1 and beyond == ()
    assert predict(tanh, weights, inside)[0] == pytest.approx(50.0, rel=1e-6)


def test_far_answers_are_found_too() -> None:
    # A ReLU net that is 1.8·c + 32 for c > 0 and flat at 32 below: 1,000,000 °F is far out.
    relu = Architecture(hidden=(1,), activation="relu")
    weights = arrays([[1.0]], [0.0], [[1.8]], [32.0])
    (far,), _ = invert(relu, weights, [1_000_000.0])
    assert far == pytest.approx(((1_000_000.0 - 32.0) / float(np.float32(1.8)),), rel=1e-9)


def test_a_wiggling_curve_reports_its_first_crossings() -> None:
    # A sawtooth of relu units meets 0 many times; at most MAX_SOLUTIONS are reported.
    units = 12
    relu = Architecture(hidden=(units,), activation="relu")
    kernel = [[1.0] * units]
    bias = [-10.0 * i for i in range(units)]
    out = [[(-1.0) ** i * 2.0] for i in range(units)]
    out[0] = [1.0]
    weights = arrays(kernel, bias, out, [-5.0])
    (solutions,), _ = invert(relu, weights, [0.0])
    assert len(solutions) == MAX_SOLUTIONS
    assert list(solutions) == sorted(solutions)
    assert np.allclose(predict(relu, weights, solutions), 0.0, atol=1e-3)
