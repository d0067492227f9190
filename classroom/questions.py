"""What a quiz question is: catalogue texts, options, the right answer, and the facts about a
chat that the computed questions are made from (classroom/quiz.py makes them)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from model.dataset import Dataset
from model.normalization import normalized_dataset
from model.settings import Architecture

ASKED_CELSIUS = (38.0, 100.0)  # the model's answers a question may ask about


@dataclass(frozen=True)
class Text:
    """A catalogue text: `quiz-<key>` filled with `values`."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


Option = Text | str  # a str is shown as it is (a number)


@dataclass(frozen=True)
class Question:
    """One quiz poll: `options[correct]` is the right answer."""

    id: str
    question: Text
    options: tuple[Option, ...]
    correct: int
    explanation: Text

    def shuffled(self, rng: random.Random) -> Question:
        """The same question with its options in random order."""
        order = list(range(len(self.options)))
        rng.shuffle(order)
        options = tuple(self.options[i] for i in order)
        return Question(
            self.id, self.question, options, order.index(self.correct), self.explanation
        )


@dataclass(frozen=True)
class Facts:
    """What the computed questions need to know about a chat."""

    dataset: Dataset
    architecture: Architecture
    answers: Mapping[float, float]  # the chat's model: °F for each of ASKED_CELSIUS

    @property
    def seen(self) -> Dataset:
        """The data as the Dense layers see it: behind a Normalization layer, normalized °C
        (what a learning rate's stability depends on)."""
        stats = self.architecture.normalization
        return self.dataset if stats is None else normalized_dataset(self.dataset, stats)
