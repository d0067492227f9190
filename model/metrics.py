"""The model layer's Prometheus metrics: trainings, epochs, training time, the training queue,
plot rendering. Labels carry no chat ids, user ids or texts (cardinality and privacy)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

TRAININGS = Counter(
    "c2f_trainings", "Trainings (and /step runs) that ran at least one epoch", ["kind"]
)
EPOCHS = Counter("c2f_epochs_trained", "Epochs trained, all trainings together")
TRAINING_SECONDS = Histogram(
    "c2f_training_seconds",
    "Time a training spent on its worker thread",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
TRAININGS_RUNNING = Gauge("c2f_trainings_running", "Trainings holding a training slot now")
TRAININGS_QUEUED = Gauge("c2f_trainings_queued", "Trainings waiting for a training slot")
SESSIONS = Gauge("c2f_sessions", "Chats with a session in memory (and in the store)")
PLOT_SECONDS = Histogram(
    "c2f_plot_render_seconds",
    "Time to draw a picture in a plotting process",
    ["kind"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
