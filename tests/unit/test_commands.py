"""Argument parsing: a pure function per command, every bad input a UsageError or ModelError."""

import pytest

from bot.features import challenge, presets
from bot.features.arguments import (
    DataRequest,
    UsageError,
    parse_convert,
    parse_data,
    parse_layers,
    parse_no_args,
    parse_train,
)
from model import Architecture, ModelError, TrainSettings


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["100"], [100.0]),
        (["-40"], [-40.0]),
        (["36.6"], [36.6]),
        (["1e2"], [100.0]),
        (["100C"], [100.0]),
        (["100°C"], [100.0]),
        (["100℃"], [100.0]),
        (["100", "°C"], [100.0]),
        (["１００"], [100.0]),
        (["−40"], [-40.0]),
        (["+5", ".5"], [5.0, 0.5]),
        (["1,2,3"], [1.0, 2.0, 3.0]),
    ],
)
def test_convert_accepts_the_ways_people_write_temperatures(args, expected):
    assert parse_convert(args) == pytest.approx(expected)


@pytest.mark.parametrize(
    "word", ["abc", "nan", "inf", "-infinity", "0x10", "1_000", "1e", "--1", "10F", "1e400"]
)
def test_convert_refuses_what_is_not_a_finite_number(word):
    with pytest.raises((UsageError, ModelError)):
        parse_convert([word])


def test_convert_needs_a_value_and_at_most_20():
    with pytest.raises(UsageError) as error:
        parse_convert([])
    assert error.value.key == "convert_usage"
    assert len(parse_convert(["1"] * 20)) == 20  # more: the model refuses (test_answers)


def test_convert_refuses_values_beyond_1e6():
    with pytest.raises(ModelError) as error:
        parse_convert(["1e7"])
    assert error.value.key == "value_range"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], TrainSettings()),
        (["300"], TrainSettings(epochs=300)),
        (["300", "0.05"], TrainSettings(epochs=300, learning_rate=0.05)),
        (["epochs=200", "lr=0.01"], TrainSettings(epochs=200, learning_rate=0.01)),
        (["optimizer=SGD", "lr=0.001"], TrainSettings(optimizer="sgd", learning_rate=0.001)),
        (["1000", "seed=3"], TrainSettings(epochs=1000, seed=3)),
        (["1e3"], TrainSettings(epochs=1000)),
        (["learning_rate=1"], TrainSettings(learning_rate=1.0)),
        (["optimizer=sgd", "momentum=0.9"], TrainSettings(optimizer="sgd momentum=0.9")),
        (
            ["optimizer=sgd", "momentum=.90", "nesterov=YES"],
            TrainSettings(optimizer="sgd momentum=0.9 nesterov"),
        ),
        (["10", "batch=1"], TrainSettings(epochs=10, batch_size=1)),
        (["batch_size=3"], TrainSettings(batch_size=3)),
    ],
)
def test_train_reads_positional_and_key_value_settings(args, expected):
    assert parse_train(args) == expected


@pytest.mark.parametrize(
    ("args", "chats", "expected"),
    [
        (["lr=0.001"], "sgd momentum=0.9", "sgd momentum=0.9"),
        (["optimizer=sgd"], "sgd momentum=0.9 nesterov", "sgd"),
        (["momentum=0"], "sgd momentum=0.9 nesterov", "sgd"),
        (["momentum=0.5"], "sgd momentum=0.9 nesterov", "sgd momentum=0.5 nesterov"),
        (["nesterov=no"], "sgd momentum=0.9 nesterov", "sgd momentum=0.9"),
        (["optimizer=adam"], "sgd momentum=0.9", "adam"),
    ],
)
def test_train_keeps_the_chats_momentum_unless_an_optimizer_is_named(args, chats, expected):
    assert parse_train(args, optimizer=chats).optimizer == expected


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["0"], "epochs_range"),
        (["-1"], "epochs_range"),
        (["1000000000"], "epochs_range"),
        (["2.5"], "not_whole"),
        (["500", "0"], "lr_range"),
        (["500", "-1"], "lr_range"),
        (["500", "nan"], "not_a_number"),
        (["500", "inf"], "not_a_number"),
        (["500", "2"], "lr_range"),
        (["500", "5e-324"], "lr_range"),
        (["500", "9e-7"], "lr_range"),
        (["optimizer=adagrad"], "unknown_optimizer"),
        (["beta=0.9"], "unknown_option"),
        (["momentum=0.9"], "momentum_sgd_only"),
        (["optimizer=rmsprop", "momentum=0.5"], "momentum_sgd_only"),
        (["optimizer=sgd", "momentum=1"], "momentum_range"),
        (["optimizer=sgd", "momentum=-0.1"], "momentum_range"),
        (["optimizer=sgd", "momentum=0.123"], "momentum_range"),
        (["optimizer=sgd", "nesterov=yes"], "nesterov_needs_momentum"),
        (["optimizer=sgd", "momentum=0.9", "nesterov=maybe"], "yes_or_no"),
        (["batch=0"], "batch_range"),
        (["batch=1000"], "batch_range"),
        (["batch=1.5"], "not_whole"),
        (["500", "0.1", "7"], "train_usage"),
        (["300", "epochs=200"], "repeated_option"),
        (["lr="], "missing_value"),
        (["seed=-1"], "seed_range"),
        (["abc"], "not_a_number"),
    ],
)
def test_train_refuses_bad_settings_with_a_reason(args, key):
    with pytest.raises((UsageError, ModelError)) as error:
        parse_train(args)
    assert error.value.key == key


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], DataRequest("show")),
        (["add", "100", "212"], DataRequest("add", 100.0, 212.0)),
        (["ADD", "100C", "212F"], DataRequest("add", 100.0, 212.0)),
        (["remove", "-40"], DataRequest("remove", -40.0)),
        (["reset"], DataRequest("reset")),
    ],
)
def test_data_reads_show_add_remove_reset(args, expected):
    assert parse_data(args) == expected


@pytest.mark.parametrize(
    "args", [["add"], ["add", "1"], ["add", "1", "2", "3"], ["remove"], ["reset", "1"], ["drop"]]
)
def test_data_usage_errors(args):
    with pytest.raises(UsageError) as error:
        parse_data(args)
    assert error.value.key == "data_usage"


def test_data_add_refuses_nan_and_huge_values():
    with pytest.raises((UsageError, ModelError)):
        parse_data(["add", "nan", "1"])
    with pytest.raises(ModelError):
        parse_data(["add", "1", "1e7"])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], None),
        (["none"], Architecture()),
        (["4", "4"], Architecture((4, 4))),
        (["8", "relu"], Architecture((8,), "relu")),
        (["3", "2", "TANH"], Architecture((3, 2), "tanh")),
    ],
)
def test_layers_reads_units_and_activation(args, expected):
    assert parse_layers(args) == expected


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["65"], "units_range"),
        (["0", "4"], "units_range"),
        (["4", "4", "4", "4", "4"], "too_many_layers"),
        (["4", "sigmoid"], "unknown_activation"),
        (["4.5"], "not_whole"),
        (["relu"], "layers_usage"),
    ],
)
def test_layers_refuses_bad_architectures(args, key):
    with pytest.raises((UsageError, ModelError)) as error:
        parse_layers(args)
    assert error.value.key == key


def test_commands_without_arguments_refuse_any():
    parse_no_args([])
    with pytest.raises(UsageError):
        parse_no_args(["x"])


@pytest.mark.parametrize(
    ("args", "celsius", "seconds"),
    [
        ([], None, 60),
        (["100"], 100.0, 60),
        (["100", "30s"], 100.0, 30),
        (["45s"], None, 45),
        (["90秒", "-5°C"], -5.0, 90),
        (["20", "120", "seconds"], None, None),  # "seconds" alone is no number
    ],
)
def test_a_challenge_takes_a_temperature_and_a_time_in_either_order(args, celsius, seconds):
    if seconds is None:
        with pytest.raises(UsageError):
            challenge.parse_challenge(args, 60)
        return
    assert challenge.parse_challenge(args, 60) == challenge.ChallengeRequest(celsius, seconds)


@pytest.mark.parametrize(
    ("text", "value"), [("212", 212.0), ("212°F", 212.0), ("211.5 ℉", 211.5), ("２１２ F", 212.0)]
)
def test_a_guess_is_a_number_in_fahrenheit(text, value):
    assert challenge.parse_fahrenheit(text) == value
    assert challenge.parse_guess(text.split()) == value


@pytest.mark.parametrize(
    ("text", "key"), [("hot", "not_a_number"), ("1 2", "guess_usage"), ("", "guess_usage")]
)
def test_a_guess_that_is_not_one_number_says_how(text, key):
    with pytest.raises(UsageError) as problem:
        challenge.parse_guess(text.split())
    assert problem.value.key == key


def test_a_preset_may_set_its_epochs():
    assert presets.parse_preset([], 500) == 500
    assert presets.parse_preset(["epochs=300"], 500) == 300
    for args in (["300"], ["epochs=300", "lr=1"], ["seed=3"]):
        with pytest.raises(UsageError):
            presets.parse_preset(args, 500)
