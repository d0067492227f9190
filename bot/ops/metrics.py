"""The bot's Prometheus metrics and their endpoint (METRICS_PORT, METRICS_LISTEN): updates by
command and outcome, reply latency, Bot API retries and failures. The model layer adds its own
(model/metrics.py). Labels carry no chat ids, user ids or texts (cardinality and privacy)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from wsgiref.simple_server import WSGIServer

from prometheus_client import Counter, Histogram, start_http_server

log = logging.getLogger(__name__)

ANSWERED, REFUSED, BAD_INPUT, ERROR = "answered", "refused", "bad_input", "error"
UPDATES = Counter("c2f_updates", "Updates handled, by command and outcome", ["command", "outcome"])
REPLY_SECONDS = Histogram(
    "c2f_reply_seconds",
    "Time from handling an update to its reply sent, by command",
    ["command"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
API_RETRIES = Counter("c2f_bot_api_retries", "Bot API requests retried, by method", ["method"])
API_FAILURES = Counter(
    "c2f_bot_api_failures", "Bot API requests that failed for good, by method", ["method"]
)


class Handling:
    """One update being handled: its outcome (answered unless told) and how long it took."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.outcome = ANSWERED


@contextlib.contextmanager
def handling(command: str, known: frozenset[str]) -> Iterator[Handling]:
    """Count and time the handling of `command` (one of `known`, else "other"); an exception
    counts as an error."""
    handled = Handling(command if command in known else "other")
    started = time.perf_counter()
    try:
        yield handled
    except BaseException:
        handled.outcome = ERROR
        raise
    finally:
        UPDATES.labels(handled.command, handled.outcome).inc()
        if handled.outcome != ERROR:
            REPLY_SECONDS.labels(handled.command).observe(time.perf_counter() - started)


def refused(command: str, known: frozenset[str]) -> None:
    """An update the access rules turned away."""
    UPDATES.labels(command if command in known else "other", REFUSED).inc()


def serve(listen: str, port: int) -> WSGIServer:
    """The /metrics endpoint on listen:port (0: a free port), logged; its server (to shut down)."""
    server, _ = start_http_server(port, listen)
    host, bound = server.server_address[:2]
    log.info("Metrics on http://%s:%d/metrics", host, bound)
    return server
