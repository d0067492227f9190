"""The classroom's rules, without Telegram: ranking guesses, the scoreboard, picking a
temperature, tuning by hand, preset codes and the quiz bank."""

import random

import numpy as np
import pytest

from bot.features.quiz import MAX_EXPLANATION, MAX_OPTION, MAX_QUESTION, poll_of
from bot.text import i18n
from classroom import challenge, presets, quiz, scores, tune
from classroom.errors import GameError
from model import Architecture, Dataset, fahrenheit
from model.analysis import best_possible_loss, sgd_max_stable_learning_rate, stable_learning_rate
from model.normalization import adapted, normalized_dataset
from model.settings import Setup
from model.valley import valley


def guesses(*values):
    return [challenge.Guess(i, f"p{i}", v) for i, v in enumerate(values)]


def test_guesses_rank_by_distance_and_the_best_three_score_3_2_1():
    placed = challenge.rank(guesses(80, 75, 70, 76, 100), 75.4)
    assert [p.guess.fahrenheit for p in placed] == [75, 76, 80, 70, 100]
    assert [(p.place, p.points) for p in placed] == [(1, 3), (2, 2), (3, 1), (4, 0), (5, 0)]


def test_equal_distances_share_a_place_and_its_points():
    placed = challenge.rank(guesses(74, 76, 77, 72), 75)
    assert [(p.place, p.points) for p in placed] == [(1, 3), (1, 3), (3, 1), (4, 0)]


def test_the_scoreboard_ranks_by_points_ties_sharing_and_shows_ten():
    board = [scores.Score(i, f"m{i:02d}", points) for i, points in enumerate([5, 9, 5] + [1] * 10)]
    ranked = scores.ranked(board)
    assert len(ranked) == scores.TOP
    assert [(s.name, s.rank) for s in ranked[:4]] == [
        ("m01", 1),
        ("m00", 2),
        ("m02", 2),
        ("m03", 4),
    ]


@pytest.mark.parametrize("seconds", [9, 601])
def test_a_round_lasts_10_to_600_seconds(seconds):
    with pytest.raises(GameError) as problem:
        challenge.check_seconds(seconds)
    assert problem.value.key == "seconds_range"
    assert challenge.check_seconds(10) == 10 and challenge.check_seconds(600) == 600


def test_a_round_picks_a_temperature_where_knowing_the_formula_is_not_enough():
    taken = Dataset().celsius
    candidates = challenge.candidates(taken)
    assert not set(candidates) & {*taken, 0.0, 100.0, 37.0, -40.0}
    answers = [fahrenheit(c) + (c - 40 if c > 40 else 0.0) for c in candidates]  # off above 40
    picks = {challenge.pick(candidates, answers, random.Random(seed)) for seed in range(40)}
    assert min(picks) >= 49 and len(picks) > 1  # among the ten furthest off: 49, 51…59


# --- /tune -------------------------------------------------------------------------------------


def test_presses_move_each_parameter_by_its_own_step_and_the_steps_by_four():
    data = Dataset()
    game = tune.new_game(data, (1.0, 10.0))
    typical = np.sqrt(np.mean(np.square(data.celsius)))  # 23.7 °C on the lesson's data
    assert game.weight_step == pytest.approx(tune.WEIGHT_STEP_REACH / typical, rel=0.05)
    assert game.from_model and (game.weight, game.bias, game.bias_step) == (1.0, 10.0, 8.0)
    for move in ("w+", "b-", "w/4", "b/4", "w-", "b+"):
        game = game.press(move, "Ann")
    assert (game.weight, game.bias, game.presses) == (1.32, 4.0, 6)
    assert (game.weight_step, game.bias_step) == (0.1, 2.0)  # 0.42 ÷ 4, to two digits
    assert game.recent == tuple(("Ann", m) for m in ("w/4", "b/4", "w-", "b+"))  # the last 4
    for _ in range(9):
        game = game.press("x4", "Ben")
    assert game.weight_step == game.bias_step == tune.MAX_STEP


def test_the_loss_is_keras_mean_squared_error_and_the_goal_is_the_best_plus_the_slack():
    data = Dataset()
    c, f = np.array(data.celsius), np.array(data.fahrenheit)
    assert tune.loss(data, 1.5, 20) == pytest.approx(np.mean((1.5 * c + 20 - f) ** 2))
    slope, intercept = np.polyfit(c, f, 1)
    best = best_possible_loss(data)
    near = tune.new_game(data, (1.5, 20.0))
    assert not near.solved
    for bias, solved in ((intercept + 0.45, True), (intercept + 0.55, False)):  # √0.25 = 0.5
        game = tune.TuneGame(data.celsius, data.fahrenheit, (0, 0), True, slope, bias)
        assert game.solved is solved and game.goal == pytest.approx(best + 0.25)
        assert (game.loss <= best + 0.25) is solved


def test_a_games_picture_keeps_one_range_that_shows_the_points_and_its_start():
    data = Dataset()
    game = tune.new_game(data, (0.5, -20.0))
    low, high = game.y_limits
    assert low < min(data.fahrenheit) and high > max(data.fahrenheit)
    assert low < 0.5 * -48 - 20  # the start line's left end shows
    moved = game.press("w+", "Ann").press("b+", "Ann")
    assert moved.y_limits == game.y_limits
    wild = tune.new_game(data, (900.0, 0.0))  # a diverged start is cut off, not drawn whole
    assert wild.y_limits[1] < 1000


def test_a_game_already_as_good_as_it_gets_starts_from_a_fresh_dense1():
    slope, intercept = np.polyfit(Dataset().celsius, Dataset().fahrenheit, 1)
    game = tune.new_game(Dataset(), (slope, intercept), random.Random(1))
    assert not game.from_model and game.bias == 0 and abs(game.weight) <= np.sqrt(3)
    assert tune.new_game(Dataset(), None).from_model is False


def test_a_game_round_trips_through_its_stored_form():
    game = tune.new_game(Dataset(), (1.0, 2.0)).press("w+", "Ann").press("b-", "Ben")
    assert tune.TuneGame.from_json(game.to_json()) == game


# --- presets ---------------------------------------------------------------------------------


def test_a_preset_code_is_short_url_safe_and_the_same_for_the_same_setup():
    setup = Setup(Dataset(), Architecture((4, 4), "relu"), "sgd", 0.001, 300, 7)
    code = presets.code(setup)
    assert len(code) == presets.CODE_LENGTH and presets.check_code(code) == code
    assert (
        presets.code(Setup(Dataset(), Architecture((4, 4), "relu"), "sgd", 0.001, 300, 7)) == code
    )
    assert presets.code(Setup(seed=8)) != presets.code(Setup(seed=9))
    assert presets.from_json(presets.to_json(setup)) == setup


@pytest.mark.parametrize("payload", ["", "abc", "x" * 65, "pePsxDhW+e", "пресет1234"])
def test_what_cannot_be_a_code_is_refused(payload):
    with pytest.raises(GameError) as problem:
        presets.check_code(payload)
    assert problem.value.key == "bad_preset"


def test_a_stored_setup_that_no_longer_checks_out_is_a_bad_preset():
    stored = presets.to_json(Setup())
    for broken in ({"learning_rate": 5}, {"hidden": [999]}, {"epochs": None}, {"seed": -1}):
        with pytest.raises(GameError):
            presets.from_json({**stored, **broken})
    with pytest.raises(GameError):
        presets.from_json({"celsius": []})


# --- the quiz bank -----------------------------------------------------------------------------

FACTS = [
    quiz.Facts(Dataset(), Architecture(), {38.0: 100.1, 100.0: 211.3}),
    quiz.Facts(Dataset(), Architecture((3, 2), "tanh"), {38.0: 99.0, 100.0: 180.0}),
    quiz.Facts(Dataset((0.0, 10.0, 20.0), (32.0, 50.0, 68.0)), Architecture((4,)), {}),
]


def test_the_bank_holds_at_least_twelve_questions_several_computed_from_the_chat():
    questions = quiz.questions(FACTS[0])
    assert len(questions) >= 12 and len({q.id for q in questions}) == len(questions)
    by_id = {q.id: q for q in questions}
    assert by_id["model-38"].options[by_id["model-38"].correct] == "100.1 °F"
    assert "100.4 °F" in by_id["model-38"].options  # the formula's value: the classic trap
    assert by_id["weights-321"].options[by_id["weights-321"].correct] == "8"
    assert by_id["parameters"].options[0] == "2"
    params = quiz.questions(FACTS[1])
    assert {q.id: q for q in params}["parameters"].options[0] == str(
        Architecture((3, 2)).param_count
    )


def test_the_sgd_question_has_exactly_one_rate_that_diverges():
    (question,) = [q for q in quiz.questions(FACTS[0]) if q.id == "sgd-diverges"]
    limit = sgd_max_stable_learning_rate(Dataset())
    diverging = [float(o) > limit for o in question.options]
    assert diverging == [i == question.correct for i in range(len(question.options))]


def test_the_valley_batch_and_momentum_questions_state_what_the_model_computes():
    by_id = {q.id: q for q in quiz.questions(FACTS[0])}
    valley_, updates, momentum = by_id["valley"], by_id["updates"], by_id["momentum-limit"]
    shape = valley(Dataset())
    assert valley_.options[valley_.correct] == f"{shape.steep / shape.flat:,.0f}" == "583"
    assert updates.options[updates.correct] == "500" and "3,500" in updates.options
    heavy = stable_learning_rate(Dataset(), "sgd momentum=0.9")
    assert momentum.options[momentum.correct] == f"{heavy:.2g}" == "0.0034"
    assert "0.0018" in momentum.options  # plain SGD's limit: the classic trap
    normalized = by_id["normalized"]
    round_ = valley(normalized_dataset(Dataset(), adapted(Dataset())))
    assert normalized.options[normalized.correct] == f"{round_.ratio:,.0f}" == "1"
    assert "583" in normalized.options
    # A valley is asked about only where it is one (ratio ≥ 10), as the chat computes it.
    three = {q.id for q in quiz.questions(FACTS[2])}
    assert ("valley" in three) == (valley(FACTS[2].dataset).ratio >= 10)


def test_behind_a_normalization_layer_the_questions_use_the_round_bowl():
    stats = adapted(Dataset())
    facts = quiz.Facts(Dataset(), Architecture(normalization=stats), {38.0: 100.1, 100.0: 211.3})
    by_id = {q.id: q for q in quiz.questions(facts)}
    assert "valley" not in by_id  # a ratio of 1 is no valley to ask about
    momentum = by_id["momentum-limit"]
    seen = normalized_dataset(Dataset(), stats)
    assert (
        momentum.options[momentum.correct]
        == "1.9"
        == (f"{stable_learning_rate(seen, 'sgd momentum=0.9'):.2g}")
    )


def test_shuffling_keeps_the_right_answer_and_choose_avoids_the_last_question():
    question = quiz.questions(FACTS[0])[0]
    for seed in range(10):
        shuffled = question.shuffled(random.Random(seed))
        assert shuffled.options[shuffled.correct] == question.options[question.correct]
        assert sorted(map(str, shuffled.options)) == sorted(map(str, question.options))
    for seed in range(30):
        assert quiz.choose(FACTS[0], "bias", random.Random(seed)).id != "bias"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("facts", FACTS, ids=["lesson", "hidden", "three-points"])
def test_every_question_fits_a_telegram_quiz_in_every_language(language, facts):
    t = i18n.catalogue(language)
    for question in quiz.questions(facts):
        poll = poll_of(t, question)
        assert (
            0 < len(poll.question) <= MAX_QUESTION and 0 < len(poll.explanation) <= MAX_EXPLANATION
        )
        assert not poll.question.endswith("…") and not poll.explanation.endswith("…")  # not clipped
        assert all(0 < len(o) <= MAX_OPTION for o in poll.options)
        assert len(set(poll.options)) == len(poll.options) >= 2, poll.options
        assert poll.explanation.count("\n") <= 2
