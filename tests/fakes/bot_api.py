"""A loopback fake of the Telegram Bot API, strict about what Telegram accepts.

Every request is checked against the Bot API specification (`shared/telegram-bot-api/api.min.json`):
the method exists, required fields are present, no unknown fields, text and caption lengths. A
violation is answered with 400 (as Telegram would) and recorded, and tests fail on any.

Tests push updates (`push_command`), then wait for what the bot sent (`wait_reply`). Faults can be
injected per method (`inject`) for the retry and outage tests.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")
TEXT_LIMITS = {"text": (1, 4096), "caption": (0, 1024)}
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "C2F", "username": "c2f_test_bot"}


def find_spec() -> Path:
    """The spec: $BOT_API_SPEC, else shared/ beside the checkout (../shared), else the copy
    kept here (Bot API 10.1, MIT, from PaulSonOfLars/telegram-bot-api-spec) for clones elsewhere."""
    if os.environ.get("BOT_API_SPEC"):
        return Path(os.environ["BOT_API_SPEC"])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "telegram-bot-api" / "api.min.json"
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parent / "telegram-bot-api" / "api.min.json"


@dataclass
class Request:
    """One call the bot made."""

    index: int
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        """The chat the call is about, if any."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class Fault:
    """Answer the next `times` calls of `method` with `status` (and retry_after), or hang."""

    method: str
    times: int
    status: int = 500
    retry_after: int | None = None
    hang: float = 0.0


class _QuietServer(ThreadingHTTPServer):
    """Clients that vanish mid-request (a killed bot) are expected here, not errors."""

    request_queue_size = 1024  # bursts open hundreds of connections at once, as on Telegram

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class FakeBotApi:
    """The server; start() binds 127.0.0.1 on a free port."""

    def __init__(self, token: str) -> None:
        self.token = token
        spec = json.loads(find_spec().read_text())
        self.methods: dict[str, dict] = spec["methods"]
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.chat_admins: dict[int, set[int]] = {}
        self.faults: list[Fault] = []
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._chats: dict[int, dict] = {}
        self._cond = threading.Condition()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What TELEGRAM_BASE_URL should be (the token is appended by the bot)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> FakeBotApi:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release waiting long polls."""
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # --- what tests do ---------------------------------------------------------------------

    def push_command(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
    ) -> int:
        """Queue a user's message (with its bot_command entity, as Telegram sends it)."""
        user_id = user_id if user_id is not None else chat_id
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "Ada"} if chat_type == "private" else {"title": "Class 7b"})
        self._chats[chat_id] = chat
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Ada"},
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0].encode("utf-16-le")) // 2 if text.split() else 1
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        with self._cond:
            mark = len(self.requests)
            self._updates.append({"update_id": next(self._update_ids), "message": message})
            self._cond.notify_all()
        return mark

    def wait_for(
        self, predicate: Callable[[Request], bool], after: int = 0, timeout: float = 30.0
    ) -> Request:
        """The first request from index `after` on that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for request in self.requests[after:]:
                    if predicate(request):
                        return request
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    sent = [(r.method, r.chat_id) for r in self.requests[after:]]
                    raise TimeoutError(f"no matching request within {timeout}s; got {sent}")
                self._cond.wait(remaining)

    def wait_count(
        self,
        predicate: Callable[[Request], bool],
        count: int,
        after: int = 0,
        timeout: float = 60.0,
    ) -> list[Request]:
        """The first `count` requests from index `after` on that satisfy `predicate`."""
        deadline = time.monotonic() + timeout
        matched: list[Request] = []
        seen = after
        with self._cond:
            while True:
                matched += [r for r in self.requests[seen:] if predicate(r)]
                seen = len(self.requests)
                if len(matched) >= count:
                    return matched[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(matched)} of {count} requests within {timeout}s")
                self._cond.wait(remaining)

    def wait_reply(self, chat_id: int, after: int, timeout: float = 30.0) -> Request:
        """The first message, photo or document sent to `chat_id` from index `after` on,
        passing over training status messages."""
        return self.wait_for(
            lambda r: r.method in SEND_METHODS and r.chat_id == chat_id and not is_status(r),
            after,
            timeout,
        )

    def sent_to(self, chat_id: int, after: int = 0) -> list[Request]:
        """Every call about `chat_id` from index `after` on."""
        with self._cond:
            return [r for r in self.requests[after:] if r.chat_id == chat_id]

    def inject(self, fault: Fault) -> None:
        """Fail the next calls of a method."""
        with self._cond:
            self.faults.append(fault)

    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        with self._cond:
            return len(self._updates)

    # --- the API ---------------------------------------------------------------------------

    def _check(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> str | None:
        spec = self.methods.get(method)
        if spec is None:
            return f"unknown method {method}"
        fields = {f["name"]: f for f in spec.get("fields", [])}
        given = set(params) | set(files)
        for name in given - set(fields):
            if not any(f"attach://{name}" == str(v) for v in params.values()):
                return f"{method}: unknown field {name}"
        for name, spec_field in fields.items():
            if spec_field["required"] and name not in given:
                return f"{method}: missing required field {name}"
        for name, (low, high) in TEXT_LIMITS.items():
            if name in params and not low <= len(str(params[name])) <= high:
                return f"{method}: {name} length {len(str(params[name]))} outside {low}..{high}"
        return None

    def _answer(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return self._get_updates(params)
        if method in ("deleteWebhook", "setMyCommands", "sendChatAction", "setWebhook"):
            return True
        if method == "getChatMember":
            chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
            admin = user_id in self.chat_admins.get(chat_id, set())
            status = "administrator" if admin else "member"
            user = {"id": user_id, "is_bot": False, "first_name": "Ada"}
            if admin:
                return {
                    "status": status,
                    "user": user,
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": True,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                }
            return {"status": status, "user": user}
        if method in SEND_METHODS or method == "editMessageText":
            return self._message(method, params, files)
        if method in ("close", "logOut"):
            return True
        return True

    def _message(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> dict:
        chat_id = int(params["chat_id"])
        chat = self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "Ada"})
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
        }
        if "text" in params:
            message["text"] = params["text"]
        if params.get("caption"):
            message["caption"] = params["caption"]
        if method == "sendPhoto":
            message["photo"] = [
                {"file_id": "p1", "file_unique_id": "p1", "width": 700, "height": 530}
            ]
        if method == "sendDocument":
            message["document"] = {
                "file_id": "d1",
                "file_unique_id": "d1",
                "file_name": str(params.get("filename", "file")),
            }
        return message

    def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + wait
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return self._updates[: int(params.get("limit") or 100)]  # Telegram's cap: 100

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

            def _serve(self) -> None:
                prefix = f"/bot{api.token}/"
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:  # the client died mid-request: nothing arrived
                    self.close_connection = True
                    return
                if not self.path.startswith(prefix):
                    self._reply(
                        401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                    )
                    return
                method = self.path[len(prefix) :].split("?")[0]
                params, files = parse_body(self.headers.get("Content-Type", ""), body)
                fault = api._take_fault(method)
                if fault is not None:
                    self._fault(fault)
                    return
                problem = api._check(method, params, files)
                with api._cond:
                    request = Request(len(api.requests), method, params, files)
                    api.requests.append(request)
                    if problem:
                        api.violations.append(problem)
                    api._cond.notify_all()
                if problem:
                    self._reply(
                        400,
                        {"ok": False, "error_code": 400, "description": f"Bad Request: {problem}"},
                    )
                    return
                self._reply(200, {"ok": True, "result": api._answer(method, params, files)})

            def _fault(self, fault: Fault) -> None:
                if fault.hang:
                    time.sleep(fault.hang)
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": fault.status,
                    "description": "Injected fault",
                }
                if fault.retry_after is not None:
                    body["parameters"] = {"retry_after": fault.retry_after}
                self._reply(fault.status, body)

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler


def is_status(request: Request) -> bool:
    """A long training's status message (sent before the reply)."""
    return request.method == "sendMessage" and str(request.params.get("text", "")).startswith(
        "Training…"
    )


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Form, JSON or multipart parameters as python-telegram-bot sends them, and file parts."""
    if not body:
        return {}, {}
    if content_type.startswith("application/json"):
        return json.loads(body), {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = payload
            else:
                params[name] = _json_value(payload.decode())
        return params, files
    return {k: _json_value(v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)}, {}
