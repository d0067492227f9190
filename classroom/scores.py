"""The scoreboard: each member's points in a chat, ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOP = 10


@dataclass(frozen=True)
class Score:
    """A member's points in one chat, and their rank (equal points share one)."""

    user_id: int
    name: str
    points: int
    rank: int = 0


def ranked(scores: Sequence[Score], top: int = TOP) -> list[Score]:
    """The best `top` by points (then name), ranks shared by equal points: 1, 1, 3."""
    ordered = sorted(scores, key=lambda s: (-s.points, s.name.casefold(), s.user_id))
    result: list[Score] = []
    for index, score in enumerate(ordered[:top]):
        same = result and result[-1].points == score.points
        rank = result[-1].rank if same else index + 1
        result.append(Score(score.user_id, score.name, score.points, rank))
    return result
