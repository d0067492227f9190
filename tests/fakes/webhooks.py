"""Telegram's side of a webhook, with an ordinary load balancer in front of the workers: each
update the fake Bot API queues is POSTed to one worker's listener, signed with the webhook's
secret, several at a time (Telegram opens up to `max_connections`). A worker that refuses the
connection is skipped for the next (the load balancer's `proxy_next_upstream`); an update no
worker took with 200 goes back on the queue and comes again (Telegram's retry)."""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.fakes.bot_api import FakeBotApi


@dataclass(frozen=True)
class Delivery:
    """One POST of an update to a worker, and what the worker answered (0: no connection)."""

    update_id: int
    worker: int
    status: int


class WebhookDelivery:
    """Delivers `api`'s updates to the workers listening on `ports` (by their index)."""

    def __init__(self, api: FakeBotApi, ports: list[int], connections: int = 8) -> None:
        self.api = api
        self.ports = list(ports)
        self.deliveries: list[Delivery] = []
        self._via: dict[int, int] = {}  # chat id → the worker its updates go to
        self._turns = itertools.count()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(target=self._deliver, daemon=True, name=f"webhook-{i}")
            for i in range(connections)
        ]

    def start(self) -> WebhookDelivery:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def via(self, chat_id: int, worker: int | None) -> None:
        """Send the chat's updates to `worker` from now on (None: round robin)."""
        with self._lock:
            if worker is None:
                self._via.pop(chat_id, None)
            else:
                self._via[chat_id] = worker

    def post(self, worker: int, update: dict, webhook: dict) -> int:
        """POST `update` to one worker as Telegram does; the HTTP status (0: no connection)."""
        path = urlsplit(webhook["url"]).path or "/"
        headers = {"Content-Type": "application/json"}
        if webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook["secret_token"]
        connection = http.client.HTTPConnection("127.0.0.1", self.ports[worker], timeout=30)
        try:
            connection.request("POST", path, json.dumps(update).encode(), headers)
            status = connection.getresponse().status
        except OSError:
            status = 0
        finally:
            connection.close()
        with self._lock:
            self.deliveries.append(Delivery(update["update_id"], worker, status))
        return status

    def _order(self, update: dict) -> list[int]:
        """The workers to try, the chosen one first."""
        chat = _chat_of(update)
        with self._lock:
            first = self._via.get(chat) if chat is not None else None
            if first is None:
                first = next(self._turns) % len(self.ports)
        return [first] + [i for i in range(len(self.ports)) if i != first]

    def _deliver(self) -> None:
        while not self._stopped.is_set():
            taken = self.api.next_webhook_update(timeout=0.2)
            if taken is None:
                continue
            update, webhook = taken
            if not any(self.post(w, update, webhook) == 200 for w in self._order(update)):
                time.sleep(0.2)  # no worker took it: Telegram tries again a little later
                self.api.requeue(update)

    def to(self, update_id: int) -> list[int]:
        """The workers that answered 200 for `update_id`."""
        with self._lock:
            return [
                d.worker for d in self.deliveries if d.update_id == update_id and d.status == 200
            ]


def _chat_of(update: dict) -> int | None:
    for kind in ("message", "edited_message", "callback_query"):
        if kind in update:
            message = update[kind].get("message", update[kind])
            return message.get("chat", {}).get("id")
    return None
