"""The loss landscape's numbers: the lesson's valley (Hessian eigenvalues ≈ 1119.2 and ≈ 1.92,
~583 times steeper across than along), its lowest point, a path read against it."""

import numpy as np
import pytest

from model.analysis import best_possible_loss, least_squares_line, sgd_max_stable_learning_rate
from model.dataset import Dataset
from model.valley import loss_grid, read_path, valley, view


def test_the_lessons_valley():
    shape = valley(Dataset())
    assert shape.steep == pytest.approx(1119.2, abs=0.05)
    assert shape.flat == pytest.approx(1.92, abs=0.005)
    assert shape.ratio == pytest.approx(583, abs=0.5)
    assert shape.minimum == pytest.approx(least_squares_line(Dataset()))
    assert 2 / shape.steep == pytest.approx(sgd_max_stable_learning_rate(Dataset()))
    assert abs(shape.steep_direction[0]) > 0.99  # across the valley is (almost) the weight


def test_the_grid_is_the_mean_squared_error_and_its_floor_the_best_loss():
    data = Dataset()
    weights, biases = np.array([0.0, 1.8, *least_squares_line(data)[:1]]), np.array([0.0, 32.0])
    grid = loss_grid(data, weights, biases)
    c, f = np.array(data.celsius), np.array(data.fahrenheit)
    for i, b in enumerate(biases):
        for j, w in enumerate(weights):
            assert grid[i, j] == pytest.approx(np.mean((w * c + b - f) ** 2), rel=1e-9)
    w, b = least_squares_line(data)
    assert loss_grid(data, [w], [b])[0, 0] == pytest.approx(best_possible_loss(data), rel=1e-6)


def test_a_normalized_input_makes_a_round_bowl_and_one_c_none():
    assert valley(Dataset((-1.0, 1.0), (30.0, 34.0))).ratio == pytest.approx(1.0)
    assert valley(Dataset((5.0, 5.0), (40.0, 41.0))) is None


def test_reading_a_path_counts_its_overshoots_and_what_is_left():
    shape = valley(Dataset())
    (w, b), (dw, db) = shape.minimum, shape.steep_direction
    across = [3.0, -2.0, 1.0, -0.5, 0.1]  # zigzag across the floor, four overshoots
    along = [30.0, 25.0, 20.0, 15.0, 15.0]
    path = np.array([[w + a * dw - o * db, b + a * db + o * dw] for a, o in zip(across, along)])
    reading = read_path(shape, path)
    assert reading.crossings == 4 and reading.epochs == 4
    assert reading.across_left == pytest.approx(0.1 / 3) and reading.along_left == pytest.approx(
        0.5
    )
    (w0, w1), (b0, b1) = view(shape, path)
    shown = np.vstack([path, [shape.minimum, (1.8, 32.0)]])
    assert (w0 < shown[:, 0]).all() and (shown[:, 0] < w1).all()
    assert (b0 < shown[:, 1]).all() and (shown[:, 1] < b1).all()
