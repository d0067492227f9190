"""Analysis of data, weights and loss curves: numbers the bot words, checked against numpy, Keras
and real trainings of the service."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import Architecture, Dataset, LayerWeights, TrainSettings
from model.analysis import (
    CurveReading,
    Diagnosis,
    best_possible_loss,
    dead_layer,
    forward,
    least_squares_line,
    network_line,
    read_curve,
    rounded_labels,
    sgd_max_stable_learning_rate,
)
from tests.states import DEAD_RELU, dead_relu_weights

LESSON = Dataset()
LESSON_CELSIUS = np.asarray(LESSON.celsius)
LESSON_BEST = best_possible_loss(LESSON)
FAHRENHEIT_VARIANCE = float(np.var(LESSON.fahrenheit))  # the loss of always answering the mean


def diagnose(losses, best_loss, dead):
    """The diagnosis alone of the curve's reading."""
    return read_curve(np.asarray(losses), best_loss, dead).diagnosis


def random_layers(architecture, seed):
    rng = np.random.default_rng(seed)
    layers, inputs = [], 1
    for units in architecture.layer_sizes:
        layers.append(LayerWeights(rng.normal(size=(inputs, units)), rng.normal(size=units)))
        inputs = units
    return layers


def layers_of(weights: list[np.ndarray]) -> list[LayerWeights]:
    """Keras's flat [kernel, bias, kernel, bias, …] as one LayerWeights a layer."""
    return [LayerWeights(k, b) for k, b in zip(weights[::2], weights[1::2])]


def keras_predictions(architecture, layers, celsius):
    from model.network import build_model

    model = build_model(architecture)
    model.set_weights(
        [a.astype(np.float32) for layer in layers for a in (layer.kernel, layer.bias)]
    )
    return model.predict(np.asarray(celsius, np.float32).reshape(-1, 1), verbose=0)[:, 0]


async def train(service, chat_id, architecture=None, **options):
    """A real training in the service; its losses, final weights and whether a layer died."""
    if architecture is not None:
        await service.set_architecture(chat_id, architecture)
    await service.train(chat_id, TrainSettings(**options))
    losses, report = service.history(chat_id), service.weights(chat_id)
    celsius = np.asarray(service.dataset(chat_id).celsius)
    return losses, report, dead_layer(report.architecture, report.layers, celsius)


# --- the data -------------------------------------------------------------------------------


def test_least_squares_line_of_the_lesson_is_polyfit_and_not_quite_the_formula():
    slope, intercept = least_squares_line(LESSON)
    expected = np.polyfit(LESSON.celsius, LESSON.fahrenheit, 1)
    assert (slope, intercept) == pytest.approx(tuple(expected), rel=1e-12)
    assert abs(slope - 1.798) < 1e-3 and abs(intercept - 31.953) < 1e-3


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(
        st.integers(-1000, 1000).map(float), st.floats(-1e4, 1e4), min_size=2, max_size=30
    )
)
def test_least_squares_line_equals_polyfit_on_any_data(points):
    data = Dataset(tuple(points), tuple(points.values()))
    expected = np.polyfit(data.celsius, data.fahrenheit, 1)
    assert least_squares_line(data) == pytest.approx(tuple(expected), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    "data",
    [Dataset((), ()), Dataset((5.0,), (41.0,)), Dataset((5.0, 5.0), (41.0, 43.0))],
    ids=["empty", "one point", "one celsius twice"],
)
def test_least_squares_line_needs_two_distinct_celsius_values(data):
    assert least_squares_line(data) is None


def test_rounded_labels_are_the_lessons_three_rounded_fahrenheit_values():
    labels = rounded_labels(LESSON)
    expected = [(8, 46, 46.4), (22, 72, 71.6), (38, 100, 100.4)]
    np.testing.assert_allclose(np.array(labels), np.array(expected), rtol=1e-12)
    assert rounded_labels(Dataset((0.0, 100.0, -40.0), (32.0, 212.0, -40.0))) == []


def test_best_possible_loss_is_the_mse_of_the_least_squares_line():
    slope, intercept = np.polyfit(LESSON.celsius, LESSON.fahrenheit, 1)
    residuals = slope * LESSON_CELSIUS + intercept - np.asarray(LESSON.fahrenheit)
    best = best_possible_loss(LESSON)
    assert best == pytest.approx(np.mean(residuals**2), rel=1e-9)
    assert best == pytest.approx(0.06305, abs=1e-5)
    assert best_possible_loss(Dataset((5.0, 5.0), (40.0, 44.0))) == pytest.approx(4.0)
    assert best_possible_loss(Dataset((5.0,), (41.0,))) == 0
    assert best_possible_loss(Dataset((), ())) is None


def test_sgd_max_stable_learning_rate_is_2_over_the_largest_hessian_eigenvalue():
    assert sgd_max_stable_learning_rate(LESSON) == pytest.approx(0.001787, abs=1e-6)
    # One point at c: H = 2·[[c², c], [c, 1]], whose eigenvalues are 0 and 2·(c² + 1).
    assert sgd_max_stable_learning_rate(Dataset((3.0,), (37.4,))) == pytest.approx(2 / 20)
    assert sgd_max_stable_learning_rate(Dataset((), ())) is None


# --- the network ----------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", [(2,), (4, 4)], ids=["1-2-1", "1-4-4-1"])
def test_network_line_of_linear_layers_is_what_keras_predicts(hidden):
    architecture = Architecture(hidden, "linear")
    layers = random_layers(architecture, seed=sum(hidden))
    celsius = np.array([-40.0, -3.5, 0.0, 12.0, 100.0])
    slope, intercept = network_line(architecture, layers)
    line = slope * celsius + intercept
    np.testing.assert_allclose(line, forward(architecture, layers, celsius), rtol=1e-12)
    np.testing.assert_allclose(
        line, keras_predictions(architecture, layers, celsius), rtol=1e-4, atol=1e-3
    )


def test_network_line_without_hidden_layers_is_its_weight_and_bias():
    layers = [LayerWeights(np.array([[1.82]]), np.array([29.2]))]
    assert network_line(Architecture(), layers) == pytest.approx((1.82, 29.2))


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_network_line_is_none_for_a_nonlinear_network(activation):
    architecture = Architecture((4,), activation)
    assert network_line(architecture, random_layers(architecture, seed=1)) is None


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_forward_is_keras_for_nonlinear_networks(activation):
    architecture = Architecture((4, 3), activation)
    layers = random_layers(architecture, seed=5)
    celsius = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(
        forward(architecture, layers, celsius),
        keras_predictions(architecture, layers, celsius),
        rtol=1e-4,
        atol=1e-4,
    )


def test_weights_for_another_architecture_are_refused():
    with pytest.raises(ValueError):
        network_line(Architecture((2,)), random_layers(Architecture(), seed=0))


def test_dead_layer_finds_the_first_layer_whose_relu_units_are_all_off():
    architecture = Architecture((3, 2), "relu")
    alive, second = random_layers(architecture, seed=2)[:2]
    output = LayerWeights(np.ones((2, 1)), np.zeros(1))
    negative = LayerWeights(np.abs(second.kernel), np.array([-1e6, -1e6]))  # z < 0 everywhere
    assert dead_layer(architecture, [alive, negative, output], LESSON_CELSIUS) == 1
    assert dead_layer(architecture, [alive, second, output], LESSON_CELSIUS) is None
    # One unit still on somewhere is enough to keep the layer alive.
    half = LayerWeights(negative.kernel, np.array([-1e6, 0.0]))
    dead_first = LayerWeights(np.ones((1, 3)), np.full(3, -1e3))
    assert dead_layer(architecture, [dead_first, half, output], LESSON_CELSIUS) == 0
    assert dead_layer(Architecture((3, 2), "tanh"), [alive, negative, output], np.zeros(1)) is None


# --- the loss curve: real trainings ---------------------------------------------------------


async def test_adam_at_0_1_for_50_epochs_is_still_falling(service, chat_id):
    losses, _, dead = await train(service, chat_id, epochs=50, seed=1)
    reading = read_curve(losses, LESSON_BEST, dead is not None)
    assert reading.diagnosis is Diagnosis.FALLING and not reading.near_best
    assert losses[-1] == pytest.approx(711.8, abs=1)
    assert reading.drop_recent > 0.03


async def test_adam_at_0_1_for_3000_epochs_levels_off_at_the_best_line(service, chat_id):
    losses, report, dead = await train(service, chat_id, epochs=3000, seed=0)
    reading = read_curve(losses, LESSON_BEST, dead is not None)
    assert reading == CurveReading(Diagnosis.LEVELLED, True, reading.drop_recent)
    assert abs(reading.drop_recent) < 1e-4
    assert losses[-1] == pytest.approx(LESSON_BEST, rel=1e-3)
    assert network_line(report.architecture, report.layers) == pytest.approx(
        least_squares_line(LESSON), abs=2e-3
    )


async def test_sgd_just_above_the_stable_learning_rate_rises_without_overflowing(service, chat_id):
    assert 0.0017 < sgd_max_stable_learning_rate(LESSON) < 0.00179
    curves = {}
    for offset, lr in enumerate((0.0017, 0.00179, 0.0018)):
        curves[lr], _, _ = await train(
            service, chat_id + offset, epochs=100, seed=0, optimizer="sgd", learning_rate=lr
        )
    assert diagnose(curves[0.0017], LESSON_BEST, False) is Diagnosis.FALLING
    # 0.2 % above the limit the loss creeps up, 6 % over the last 10 epochs: 6248 → 10,831.
    slow = read_curve(curves[0.00179], LESSON_BEST, False)
    assert slow.diagnosis is Diagnosis.UNSTABLE and -0.1 < slow.drop_recent < -0.01
    fast = read_curve(curves[0.0018], LESSON_BEST, False)
    assert fast.diagnosis is Diagnosis.UNSTABLE and fast.drop_recent < -0.3  # 6248 → 93,428
    for curve in curves.values():
        assert np.isfinite(curve).all()
    assert curves[0.00179][-1] > 1.5 * curves[0.00179][0]


async def test_adam_at_lr_1_rings_around_the_best_line(service, chat_id):
    # The loss swings up and down every few epochs: at 80 epochs it ends lower than ten epochs
    # before, yet it went up and down on the way; at 100 epochs it ends higher.
    for epochs, ended_lower in ((80, True), (100, False)):
        losses, _, _ = await train(service, chat_id, epochs=epochs, seed=0, learning_rate=1.0)
        reading = read_curve(losses, LESSON_BEST, False)
        assert reading.diagnosis is Diagnosis.UNSTABLE and not reading.near_best
        assert (reading.drop_recent > 0) == ended_lower
        assert 0.06 < losses[-1] < 1.5


async def test_rmsprop_at_0_5_levels_off_far_above_the_best(service, chat_id):
    # A surprise worth knowing: RMSprop's steps become ±lr, so the weights hop between the best
    # line ± 0.25 (weight 1.548 ↔ 2.048, bias 31.70 ↔ 32.20), two points with the same loss: the
    # curve is flat at ≈ 35.69, far above 0.063. Only a smaller learning rate helps.
    losses, report, _ = await train(
        service, chat_id, epochs=300, seed=0, optimizer="rmsprop", learning_rate=0.5
    )
    reading = read_curve(losses, LESSON_BEST, False)
    assert reading.diagnosis is Diagnosis.LEVELLED and not reading.near_best
    assert losses[-1] == pytest.approx(35.69, abs=0.05)
    (weight, bias), (best_weight, best_bias) = (
        report.slope_and_intercept,
        least_squares_line(LESSON),
    )
    assert abs(weight - best_weight) == pytest.approx(0.25, abs=0.01)
    assert abs(bias - best_bias) == pytest.approx(0.25, abs=0.01)


async def test_a_dead_relu_layer_stays_dead_and_leaves_the_network_stuck(service, chat_id):
    # The state RMSprop at lr 1 can leave a ReLU layer in, built: whether a given seed gets
    # there is chaotic, and differs between CPUs.
    architecture = DEAD_RELU
    await service.set_architecture(chat_id, architecture)
    service.session(chat_id).weights = dead_relu_weights()
    assert dead_layer(architecture, layers_of(dead_relu_weights()), LESSON_CELSIUS) == 0
    losses, report, dead = await train(
        service, chat_id, epochs=200, optimizer="rmsprop", learning_rate=1.0
    )
    assert dead == 0
    first, *_ = report.layers
    np.testing.assert_array_equal(first.kernel, dead_relu_weights()[0])
    np.testing.assert_array_equal(first.bias, dead_relu_weights()[1])
    # Every unit is off for every input: the network answers the mean °F, and only the output's
    # bias still learns, so the loss ends at the variance of the Fahrenheit labels.
    assert np.ptp(forward(architecture, report.layers, LESSON_CELSIUS)) == 0
    assert losses[-1] == pytest.approx(FAHRENHEIT_VARIANCE, rel=1e-3)
    assert read_curve(losses, LESSON_BEST, dead is not None).diagnosis is Diagnosis.STUCK
    assert read_curve(losses, LESSON_BEST, False).diagnosis is not Diagnosis.STUCK


# --- the loss curve: the rules on made-up curves --------------------------------------------


def test_a_loss_that_never_moved_far_above_the_best_is_stuck_but_at_the_best_levelled():
    assert diagnose(np.full(100, 1737.1), LESSON_BEST, dead=False) is Diagnosis.STUCK
    assert diagnose(np.full(100, 1737.1), None, dead=False) is Diagnosis.STUCK
    assert diagnose(np.full(100, LESSON_BEST), LESSON_BEST, dead=False) is Diagnosis.LEVELLED
    assert diagnose(np.full(100, 0.0), None, dead=False) is Diagnosis.LEVELLED


def test_near_best_allows_five_percent_and_a_thousandth():
    for best, near, far in ((100.0, 104.9, 105.2), (0.0, 0.0009, 0.0011)):
        assert read_curve(np.full(20, near), best, False).near_best
        assert not read_curve(np.full(20, far), best, False).near_best
    assert not read_curve(np.full(20, 0.0), None, False).near_best


def test_falling_means_more_than_3_percent_over_the_last_tenth_or_ten_epochs():
    # 0.04 % an epoch is 3.9 % over the last 100 of 1000 epochs; 0.03 % an epoch is 2.96 %.
    assert diagnose(0.9996 ** np.arange(1001), None, False) is Diagnosis.FALLING
    reading = read_curve(0.9997 ** np.arange(1001), None, False)
    assert reading.diagnosis is Diagnosis.LEVELLED
    assert reading.drop_recent == pytest.approx(1 - 0.9997**100)
    # A 50-epoch training is judged on its last 10 epochs, not 5 (Adam at lr 0.1 falls like this).
    assert diagnose(0.996 ** np.arange(50), None, False) is Diagnosis.FALLING


def test_float_wiggles_at_a_plateau_are_levelled_but_swings_and_spikes_are_unstable():
    rng = np.random.default_rng(0)
    plateau = LESSON_BEST * (1 + 1e-5 * rng.standard_normal(500))
    assert diagnose(plateau, LESSON_BEST, False) is Diagnosis.LEVELLED
    swings = 10 + 3 * np.sin(np.arange(500))
    assert diagnose(swings, None, False) is Diagnosis.UNSTABLE
    spiked = np.full(500, 10.0)
    spiked[-20] = 12.0  # up once at a plateau, then back: its rises are all it did
    assert diagnose(spiked, None, False) is Diagnosis.UNSTABLE


def test_a_curve_that_wiggles_on_its_way_down_is_falling_not_unstable():
    # A curve falling 5 % an epoch; its last 10 epochs fall 40 % in all.
    falling = 1000 * 0.95 ** np.arange(50)
    assert diagnose(falling, None, False) is Diagnosis.FALLING
    bumped = falling.copy()
    bumped[-8] = falling[-9] * 1.1  # up once, then down again: rises 11 % of the mean
    changes = np.diff(bumped[-11:])
    assert changes[changes > 0].sum() / bumped[-11:].mean() == pytest.approx(0.113, abs=1e-3)
    reading = read_curve(bumped, None, False)
    assert reading.diagnosis is Diagnosis.FALLING
    assert reading.drop_recent == pytest.approx(1 - 0.95**10)
    # Falling 3380 → 45 over 500 epochs with wiggles of ±3 % (a 4-4 ReLU network at lr 0.1).
    epochs = np.arange(500)
    wiggly = (45 + 3335 * np.exp(-epochs / 90)) * (1 + 0.03 * np.sin(1.7 * epochs))
    assert diagnose(wiggly, None, False) is Diagnosis.FALLING


@pytest.mark.parametrize(
    ("losses", "diagnosis"),
    [
        ([100.0], Diagnosis.FALLING),  # nothing to compare yet: train on
        ([100.0, 90.0], Diagnosis.FALLING),
        ([100.0, 120.0, 150.0], Diagnosis.UNSTABLE),
        ([100.0, 120.0, 99.0, 98.0], Diagnosis.FALLING),  # first against last only
        ([LESSON_BEST], Diagnosis.LEVELLED),
    ],
)
def test_short_trainings_compare_the_first_and_last_loss(losses, diagnosis):
    assert diagnose(np.array(losses), LESSON_BEST, dead=False) is diagnosis


def test_a_dead_layer_is_stuck_whatever_the_curve():
    assert diagnose(0.9 ** np.arange(100), LESSON_BEST, dead=True) is Diagnosis.STUCK


def test_a_reading_is_frozen_and_an_empty_curve_is_refused():
    reading = read_curve(np.array([5.0, 4.0, 3.0]), None, False)
    assert reading == CurveReading(Diagnosis.FALLING, False, pytest.approx(0.4))
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.near_best = True
    with pytest.raises(ValueError):
        read_curve(np.array([]), None, False)
