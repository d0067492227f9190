"""Limits a bot open to the public needs (DESIGN.md); enforced in the model layer itself."""

MAX_EPOCHS = 10_000
MAX_STEP_EPOCHS = 50  # /step: each epoch is shown up close
MAX_LEARNING_RATE = 1.0
MIN_LEARNING_RATE = 1e-6  # smaller is a slip, not an experiment (5e-324 was accepted)
MAX_HIDDEN_LAYERS = 4
MAX_UNITS = 64
MAX_POINTS = 200
MIN_POINTS = 1
MAX_ABS_VALUE = 1e6
MAX_PREDICT_VALUES = 20
MAX_SEED = 2**31 - 1
MAX_PICTURES_PER_CHAT = 3  # drawn or waiting to be, at once
