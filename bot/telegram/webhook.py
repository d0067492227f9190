"""The webhook listener: python-telegram-bot's Updater with a stricter server in front of its
update queue. Before a byte of the body is read the secret is checked (in constant time) and
the declared size too; a body is at most `MAX_UPDATE_BYTES`, idle connections are closed, at
most `MAX_CONNECTIONS` are open at once; an update the library cannot parse is dropped with a
line in the log and answered 200, so Telegram does not send it again and again."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from collections.abc import Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Updater
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

from bot.telegram import updates

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1 << 20  # an update is a few KB: a message is at most 4,096 characters
MAX_CONNECTIONS = 256  # Telegram opens at most 100 (setWebhook's max_connections)
IDLE_SECONDS = 30.0  # a keep-alive connection with nothing to say is closed after this
BODY_SECONDS = 10.0  # the time a sender has to send the body it announced
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """POST <path>: one update, as JSON, signed with the secret."""

    # tornado before 6.6 (the lock's for Python 3.10) types it as the 7-tuple of its methods.
    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment, unused-ignore]

    def initialize(self, updater: Updater, secret: bytes) -> None:
        self._updater = updater
        self._secret = secret
        self._body = bytearray()

    def prepare(self) -> None:
        """Runs once the headers are in, before the body is read."""
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.request.headers.get("Content-Type", "").split(";")[0] != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        length = self.request.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_UPDATE_BYTES:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        self._body += chunk
        if len(self._body) > MAX_UPDATE_BYTES:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def post(self) -> None:
        try:
            data = json.loads(self._body)
            update_id = data["update_id"]
        except (ValueError, TypeError, KeyError):
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if not isinstance(update_id, int):
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST)
        update = updates.parsed(data, self._updater.bot) or Update(update_id)  # parsed once
        await self._updater.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def log_exception(self, *args: Any) -> None:
        """Refusals are answers, not errors: nothing to log (a sender may be anyone)."""


class _BoundedServer(HTTPServer):
    """An HTTPServer that closes connections beyond `MAX_CONNECTIONS` at once."""

    def handle_stream(self, stream: IOStream, address: tuple) -> None:
        if len(self._connections) >= MAX_CONNECTIONS:
            stream.close()
            return
        super().handle_stream(stream, address)


class _Listener:
    """What the Updater expects of its webhook server: serve, and shut down."""

    def __init__(self, server: HTTPServer, listener: socket.socket) -> None:
        self._server = server
        self._listener = listener

    async def serve_forever(self, ready: asyncio.Event | None = None) -> None:
        self._server.add_socket(self._listener)
        if ready is not None:
            ready.set()

    async def shutdown(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()


class GuardedWebhookUpdater(Updater):
    """python-telegram-bot's Updater, its webhook served by `_UpdateHandler` on the socket
    given as `unix` (bound by the caller), after setWebhook."""

    async def _start_webhook(
        self,
        listen: str,
        port: int,
        url_path: str,
        bootstrap_retries: int,
        allowed_updates: Sequence[str] | None,
        cert: str | Path | None = None,
        key: str | Path | None = None,
        drop_pending_updates: bool | None = None,
        webhook_url: str | None = None,
        ready: asyncio.Event | None = None,
        ip_address: str | None = None,
        max_connections: int = 40,
        secret_token: str | None = None,
        unix: str | Path | socket.socket | None = None,
        **_: object,
    ) -> None:
        assert isinstance(unix, socket.socket) and secret_token and webhook_url
        path = "/" + url_path.lstrip("/")
        options = {"updater": self, "secret": secret_token.encode()}
        application = tornado.web.Application([(rf"{path}/?", _UpdateHandler, options)])
        server = _BoundedServer(
            application,
            max_body_size=MAX_UPDATE_BYTES,
            idle_connection_timeout=IDLE_SECONDS,
            body_timeout=BODY_SECONDS,
        )
        listener = _Listener(server, unix)
        # The Updater asks its server only to serve_forever() and shutdown(), as _Listener does.
        self._httpd = listener  # type: ignore[assignment]
        await self.bot.set_webhook(
            webhook_url,
            allowed_updates=allowed_updates,
            secret_token=secret_token,
            drop_pending_updates=drop_pending_updates,
        )
        await listener.serve_forever(ready=ready)
