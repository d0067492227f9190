"""Run every benchmark: the model core, then the whole bot end to end."""

from benchmarks import end_to_end, model_core

model_core.main()
end_to_end.main()
