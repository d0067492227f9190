"""The quiz bank: questions about the lesson, several computed from a chat's own model and data.

A question names its texts by catalogue key (the bot words them as `quiz-<key>` in the chat's
language); options that are numbers come ready as text, the same in every language. Distractors
are the classic mistakes: the formula's value where the model's is asked, weights counted with
the biases, a learning rate just on the safe side.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping

from model.analysis import least_squares_line, sgd_max_stable_learning_rate, stable_learning_rate
from model.dataset import Dataset, fahrenheit
from model.normalization import adapted, normalized_dataset
from model.settings import DEFAULT_EPOCHS
from model.valley import valley

from .questions import ASKED_CELSIUS, Facts, Question, Text

_RATES = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)


def _number(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _distinct(correct: str, candidates: list[str], count: int = 3) -> tuple[str, ...] | None:
    """`count` distractors that differ from the answer and from each other, in order."""
    chosen: list[str] = []
    for candidate in candidates:
        if candidate != correct and candidate not in chosen:
            chosen.append(candidate)
    return tuple(chosen[:count]) if len(chosen) >= count else None


def _model_answer(celsius: float) -> Callable[[Facts], Question | None]:
    def build(facts: Facts) -> Question | None:
        model = facts.answers.get(celsius)
        if model is None or not math.isfinite(model):
            return None
        right = f"{_number(model)} °F"
        formula = fahrenheit(celsius)
        wrong = _distinct(
            right,
            [
                f"{_number(formula)} °F",
                f"{_number(model + 2.5)} °F",
                f"{_number(model - 2.5)} °F",
                f"{_number(formula + 5)} °F",
            ],
        )
        if wrong is None:
            return None
        values = {"celsius": _number(celsius), "model": right, "formula": _number(formula)}
        return Question(
            f"model-{_number(celsius)}",
            Text("model-question", values),
            (right, *wrong),
            0,
            Text("model-explanation", values),
        )

    return build


def _weights_321(facts: Facts) -> Question:
    return Question(
        "weights-321",
        Text("weights-321-question"),
        ("8", "11", "6", "5"),
        0,
        Text("weights-321-explanation"),
    )


def _parameters(facts: Facts) -> Question | None:
    architecture = facts.architecture
    total = architecture.param_count
    biases = sum(architecture.layer_sizes)
    wrong = _distinct(str(total), [str(total - biases), str(total + 1), str(total * 2), "1"])
    if wrong is None:
        return None
    values = {
        "layers": architecture.describe(),
        "total": total,
        "weights": total - biases,
        "biases": biases,
    }
    return Question(
        "parameters",
        Text("parameters-question", values),
        (str(total), *wrong),
        0,
        Text("parameters-explanation", values),
    )


def _sgd_diverges(facts: Facts) -> Question | None:
    limit = sgd_max_stable_learning_rate(facts.seen)
    if limit is None:
        return None
    above = [r for r in _RATES if r > limit * 1.05]
    below = [r for r in _RATES if r < limit * 0.95]
    if not above or len(below) < 3:
        return None
    values = {"limit": f"{limit:.2g}", "rate": f"{above[0]:g}"}
    return Question(
        "sgd-diverges",
        Text("sgd-question"),
        (f"{above[0]:g}", *(f"{r:g}" for r in below[-3:])),
        0,
        Text("sgd-explanation", values),
    )


def _examples(facts: Facts) -> Question | None:
    count = len(facts.dataset)
    wrong = _distinct(str(count), [str(count + 1), str(count - 1), str(2 * count), "500"])
    if count < 2 or wrong is None:
        return None
    return Question(
        "examples",
        Text("examples-question"),
        (str(count), *wrong),
        0,
        Text("examples-explanation", {"count": count}),
    )


def _best_weight(facts: Facts) -> Question | None:
    line = least_squares_line(facts.dataset)
    if line is None:
        return None
    slope, intercept = line
    right = _number(slope, 3)
    wrong = _distinct(
        right, ["1.8", _number(slope + 0.05, 3), _number(slope - 0.05, 3), _number(slope * 2, 3)]
    )
    if wrong is None:
        return None
    values = {"slope": right, "intercept": _number(intercept, 2)}
    return Question(
        "best-weight",
        Text("best-weight-question"),
        (right, *wrong),
        0,
        Text("best-weight-explanation", values),
    )


def _words(
    name: str,
    facts_of: Callable[[Facts], Mapping[str, object] | None] = lambda facts: {},
    wrong: int = 3,
) -> Callable[[Facts], Question | None]:
    """A question whose options are words: `<name>-right`, `<name>-wrong-1`…; `facts_of` gives
    the numbers its question and explanation state, computed for the chat (None: not here)."""

    def build(facts: Facts) -> Question | None:
        values = facts_of(facts)
        if values is None:
            return None
        options = (Text(f"{name}-right"), *(Text(f"{name}-wrong-{i}") for i in range(1, wrong + 1)))
        question = Text(f"{name}-question", values)
        return Question(name, question, options, 0, Text(f"{name}-explanation", values))

    return build


def _overshoot(facts: Facts) -> Mapping[str, object] | None:
    """Where plain SGD overshoots on the chat's data: its stable limit and a race above it."""
    limit = sgd_max_stable_learning_rate(facts.seen)
    above = [] if limit is None else [r for r in _RATES if r > limit * 1.05]
    if not above:
        return None
    return {"limit": f"{limit:.2g}", "rate": f"{above[0]:g}"}


def _rounded_labels(facts: Facts) -> Mapping[str, object] | None:
    """The lesson's rounded examples and the best line through them (other data: not asked)."""
    line = least_squares_line(facts.dataset)
    if facts.dataset != Dataset() or line is None:
        return None
    slope, intercept = line
    return {
        "f100": _number(slope * 100 + intercept, 1),
        "slope": _number(slope, 3),
        "intercept": _number(intercept, 2),
    }


def _updates(facts: Facts) -> Question | None:
    """The lesson's "500 × 7" myth: with every example in one batch, an epoch is one update."""
    count, epochs = len(facts.dataset), DEFAULT_EPOCHS
    wrong = _distinct(str(epochs), [f"{epochs * count:,}", str(count), "32"])
    if count < 2 or wrong is None:
        return None
    values = {"epochs": epochs, "count": count, "product": f"{epochs * count:,}"}
    return Question(
        "updates",
        Text("updates-question", values),
        (str(epochs), *wrong),
        0,
        Text("updates-explanation", values),
    )


def _valley_ratio(facts: Facts) -> Question | None:
    """How many times steeper the valley is across than along (the Hessian's eigenvalues)."""
    shape = valley(facts.seen)
    if shape is None or shape.ratio < 10:
        return None
    right = f"{shape.ratio:,.0f}"
    wrong = _distinct(right, ["1", f"{math.sqrt(shape.ratio):,.0f}", f"{shape.ratio * 10:,.0f}"])
    if wrong is None:
        return None
    values = {
        "ratio": right,
        "steep": f"{shape.steep:.5g}",
        "flat": f"{shape.flat:.3g}",
    }
    return Question(
        "valley",
        Text("valley-question"),
        (right, *wrong),
        0,
        Text("valley-explanation", values),
    )


def _normalized_ratio(facts: Facts) -> Question | None:
    """What Keras's Normalization layer does to the valley: a round bowl (ratio 1)."""
    shape = valley(facts.dataset)
    if shape is None or shape.ratio < 10 or len(set(facts.dataset.celsius)) < 2:
        return None
    stats = adapted(facts.dataset)
    round_ = valley(normalized_dataset(facts.dataset, stats))
    if round_ is None:
        return None
    right = f"{round_.ratio:,.0f}"
    raw = f"{shape.ratio:,.0f}"
    wrong = _distinct(right, [raw, f"{math.sqrt(shape.ratio):,.0f}", f"{shape.ratio / 2:,.0f}"])
    if wrong is None:
        return None
    values = {
        "ratio": right,
        "raw": raw,
        "steep": f"{round_.steep:.3g}",
        "flat": f"{round_.flat:.3g}",
    }
    return Question(
        "normalized",
        Text("normalized-question"),
        (right, *wrong),
        0,
        Text("normalized-explanation", values),
    )


def _momentum_limit(facts: Facts) -> Question | None:
    """SGD's stable limit with momentum 0.9, 2(1+β)/λmax, against the plain 2/λmax."""
    plain = stable_learning_rate(facts.seen, "sgd")
    heavy = stable_learning_rate(facts.seen, "sgd momentum=0.9")
    if plain is None or heavy is None:
        return None
    right = f"{heavy:.2g}"
    wrong = _distinct(right, [f"{plain:.2g}", f"{heavy * 10:.2g}", f"{heavy / 10:.2g}"])
    if wrong is None:
        return None
    values = {"limit": right, "plain": f"{plain:.2g}"}
    return Question(
        "momentum-limit",
        Text("momentum-limit-question"),
        (right, *wrong),
        0,
        Text("momentum-limit-explanation", values),
    )


def _minus_forty(facts: Facts) -> Question:
    return Question(
        "minus-40",
        Text("minus-40-question"),
        ("-40", "0", "32", "-32"),
        0,
        Text("minus-40-explanation"),
    )


# Word questions: each has `<name>-question`, `-right`, `-wrong-1..3` and `-explanation`; the
# ones that state numbers about the chat compute them.
WORD_QUESTIONS = ("bias", "weight", "epoch", "loss", "big-lr", "not-212", "linear-layers")
_WORD_FACTS = {"big-lr": _overshoot, "not-212": _rounded_labels}

BANK: tuple[Callable[[Facts], Question | None], ...] = (
    *(_model_answer(c) for c in ASKED_CELSIUS),
    _weights_321,
    _parameters,
    _sgd_diverges,
    _examples,
    _best_weight,
    _minus_forty,
    _updates,
    _valley_ratio,
    _momentum_limit,
    _normalized_ratio,
    *(_words(name, _WORD_FACTS.get(name, lambda facts: {})) for name in WORD_QUESTIONS),
)


def catalogue_keys() -> frozenset[str]:
    """Every key (after `quiz-`) a question of the bank can use."""
    keys = {
        "model-question",
        "model-explanation",
        "weights-321-question",
        "weights-321-explanation",
        "parameters-question",
        "parameters-explanation",
        "sgd-question",
        "sgd-explanation",
        "examples-question",
        "examples-explanation",
        "best-weight-question",
        "best-weight-explanation",
        "minus-40-question",
        "minus-40-explanation",
        "updates-question",
        "updates-explanation",
        "valley-question",
        "valley-explanation",
        "momentum-limit-question",
        "momentum-limit-explanation",
        "normalized-question",
        "normalized-explanation",
    }
    for name in WORD_QUESTIONS:
        keys |= {f"{name}-question", f"{name}-right", f"{name}-explanation"}
        keys |= {f"{name}-wrong-{i}" for i in (1, 2, 3)}
    return frozenset(keys)


def questions(facts: Facts) -> list[Question]:
    """Every question of the bank that this chat's model and data allow."""
    return [q for q in (build(facts) for build in BANK) if q is not None]


def choose(
    facts: Facts,
    last: str | None = None,
    rng: random.Random | None = None,
    among: frozenset[str] = frozenset(),
) -> Question:
    """A random question (not the one asked last; one of `among`, if any of those the chat's
    facts allow), its options shuffled."""
    rng = rng or random.Random()
    pool = [q for q in questions(facts) if q.id != last]
    chosen = [q for q in pool if q.id in among]
    return rng.choice(chosen or pool).shuffled(rng)
