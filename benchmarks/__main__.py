"""Run every benchmark."""

from benchmarks import model_core

model_core.main()
