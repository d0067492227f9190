"""Run every benchmark: the model core, the training animation, then the whole bot end to end."""

from benchmarks import animation, end_to_end, model_core


def main() -> None:
    """Every figure, as JSON lines."""
    model_core.main()
    animation.animation_render()
    end_to_end.main()


if __name__ == "__main__":  # plotting processes are spawned: they import this module again
    main()
