"""Run every benchmark: the model core, the reader of plain sentences, the training animation,
the loss landscape, the whole bot end to end (sentences and inline queries against /convert), a
class of thirty in a group, then several workers on PostgreSQL."""

from benchmarks import (
    animation,
    classroom,
    end_to_end,
    inline_query,
    landscape,
    model_core,
    sentences,
    talking,
    workers,
)


def main() -> None:
    """Every figure, as JSON lines."""
    model_core.main()
    sentences.main()
    animation.animation_render()
    landscape.main()
    end_to_end.main()
    talking.main()
    inline_query.main()
    classroom.main()
    workers.main()


if __name__ == "__main__":  # plotting processes are spawned: they import this module again
    main()
