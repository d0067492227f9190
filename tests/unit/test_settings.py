import math

import pytest

from model import Architecture, ModelError, TrainSettings


def test_defaults_are_the_lessons():
    settings = TrainSettings()
    assert (settings.epochs, settings.learning_rate, settings.optimizer) == (500, 0.1, "adam")
    assert Architecture().hidden == () and Architecture().activation == "linear"


@pytest.mark.parametrize("epochs", [0, -1, 10**9, 10_001, 2.5, True, "500"])
def test_epochs_outside_1_to_10000_are_refused(epochs):
    with pytest.raises(ModelError) as error:
        TrainSettings(epochs=epochs)
    assert error.value.key == "epochs_range"
    assert error.value.values == {"max": 10000}


@pytest.mark.parametrize(
    "lr", [0, -1, 5e-324, 9.9e-7, math.nan, math.inf, -math.inf, 1.0001, "0.1"]
)
def test_learning_rate_outside_0_to_1_is_refused(lr):
    with pytest.raises(ModelError) as error:
        TrainSettings(learning_rate=lr)
    assert error.value.key == "lr_range"
    assert error.value.values == {"min": "1e-06", "max": 1}


@pytest.mark.parametrize("lr", [1, 1.0, 1e-6])
def test_learning_rate_edges_are_accepted(lr):
    assert TrainSettings(learning_rate=lr).learning_rate == float(lr)


def test_unknown_optimizer_lists_the_choices():
    with pytest.raises(ModelError) as error:
        TrainSettings(optimizer="adagrad")
    assert error.value.key == "unknown_optimizer"
    assert error.value.values == {"name": "adagrad", "choices": "adam, sgd, rmsprop"}


@pytest.mark.parametrize("seed", [-1, 2**31, 1.5])
def test_bad_seed_is_refused(seed):
    with pytest.raises(ModelError, match="seed"):
        TrainSettings(seed=seed)


def test_65_units_are_refused():
    with pytest.raises(ModelError) as error:
        Architecture((65,))
    assert error.value.key == "units_range" and error.value.values == {"max": 64}


@pytest.mark.parametrize("units", [0, -4, 2.0])
def test_hidden_layer_needs_whole_units_from_1(units):
    with pytest.raises(ModelError, match="units"):
        Architecture((units,))


def test_five_hidden_layers_are_refused():
    with pytest.raises(ModelError) as error:
        Architecture((4, 4, 4, 4, 4))
    assert error.value.key == "too_many_layers"


def test_unknown_activation_is_refused():
    with pytest.raises(ModelError, match="linear, relu, tanh"):
        Architecture((4,), "sigmoid")


@pytest.mark.parametrize(
    ("hidden", "count"), [((), 2), ((3, 2), 1 * 3 + 3 + 3 * 2 + 2 + 2 * 1 + 1), ((4, 4), 33)]
)
def test_param_count_counts_every_weight_and_bias(hidden, count):
    assert Architecture(hidden).param_count == count


def test_architecture_description_reads_like_keras():
    assert Architecture((4, 4), "relu").describe() == "Dense(4, relu) → Dense(4, relu) → Dense(1)"
