"""A loopback fake of the Telegram Bot API, at least as strict as Telegram.

Every request is checked against the Bot API specification (`api.min.json`, see `find_spec`):

* **types, recursively**: each parameter against its field's types. Form and multipart values are
  strings and are decoded per the expected type (a String stays the raw string, an Integer must be
  an integer literal, objects and arrays are JSON); a JSON body must match exactly. Objects need
  their required fields and have no unknown ones; abstract types are resolved by their
  discriminator (`type`, `status`, `source`…); InputFile fields take a file part, `attach://name`
  or a file_id the fake issued or a URL; `chat_id` strings must be @usernames.
* **documented limits**, read from the field descriptions (lengths in UTF-16 code units, bytes,
  list sizes, ranges, enumerations, language and country codes, HTTPS URLs) plus a few rules the
  descriptions state in prose (one action per inline button, bot command names, quizzes, chat
  actions, parse modes, entities inside their text, files and photo dimensions).
* **state Telegram keeps**: the messages the bot sent, the updates it fetched, the webhook.

A breach is answered as Telegram answers it (400 "Bad Request: …", 401, 404, 409) and recorded in
`violations` and on the `Request` (`violation`). "message to edit not found", "message is not
modified", "message to delete not found", "message to be replied not found" and the like are
Telegram behaviour a correct bot must cope with: answered with 400 and recorded in `requests`
(with their status) but not as violations. The fake's own answers and the updates tests push are
checked against the spec too: a fake that would send what Telegram never sends fails loudly.

Tests push updates (`push_command`, `push_callback_query`, `push_poll_answer`), then wait for what
the bot sent (`wait_reply`, `wait_for`, `delivered`). Faults can be injected per method (`inject`).
Every live instance is in `FakeBotApi.live`; `mark()` and `violations_since(mark)` let a fixture
fail the test that caused a violation.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import functools
import html
import itertools
import json
import math
import mimetypes
import os
import re
import struct
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl

SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "sendAnimation", "sendPoll")
EDIT_METHODS = (
    "editMessageText",
    "editMessageCaption",
    "editMessageMedia",
    "editMessageReplyMarkup",
)
BOT_USERNAME = "c2f_test_bot"
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "C2F", "username": BOT_USERNAME}

EDIT_NOT_FOUND = "Bad Request: message to edit not found"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CHAT_NOT_FOUND = "Bad Request: chat not found"

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
PARSE_MODES = frozenset({"Markdown", "MarkdownV2", "HTML"})
# Updates Telegram sends when allowed_updates was never given (or given empty).
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MEDIA_KINDS = ("photo", "document", "animation", "video", "audio")


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


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


class Rejected(Exception):
    """A request Telegram answers with an error. `violation` False: Telegram behaviour a correct
    bot meets (a message deleted meanwhile, an unchanged edit), not a bug in the request."""

    def __init__(self, description: str, status: int = 400, violation: bool = True) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.violation = violation


def bad(detail: str, violation: bool = True) -> Rejected:
    """A 400 answer."""
    return Rejected(f"Bad Request: {detail}", 400, violation)


# --- the specification ------------------------------------------------------------------------

Rule = Callable[[Any, str, dict], None]  # value, path, the object holding it
ObjectRule = Callable[[dict, str, "_Context"], None]  # object or parameters, path, context

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_USERNAME = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_CONSTANT = re.compile(r"(?:must be|always) \"?([A-Za-z0-9_]+)\"?(?:$|[.,;])")
_MARKUP_TYPES = ("InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove", "ForceReply")
_LOOPBACK_HTTP = re.compile(r"http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)")


@dataclass
class _Context:
    """What checking one request needs beyond the values: its file parts, the parts referenced,
    the file_ids the fake issued (None: any string is taken, for checking the fake's own output)."""

    files: dict[str, bytes] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    file_ids: set[str] | None = None


class ApiSpec:
    """api.min.json, with the rules its descriptions state, as a validator."""

    def __init__(self, data: dict) -> None:
        self.methods: dict[str, dict] = data["methods"]
        self.types: dict[str, dict] = data["types"]
        self.fields: dict[str, dict[str, dict]] = {
            name: {f["name"]: f for f in spec.get("fields", [])}
            for name, spec in [*self.methods.items(), *self.types.items()]
        }
        self.update_kinds = frozenset(self.fields["Update"]) - {"update_id"}
        self._discriminators = {
            name: self._discriminators_of(spec["subtypes"])
            for name, spec in self.types.items()
            if spec.get("subtypes")
        }
        self._rules: dict[tuple[str, str], list[Rule]] = {}
        for owner, fields in self.fields.items():
            for name, spec_field in fields.items():
                rules = self._described_rules(owner, name, spec_field)
                if rules:
                    self._rules[owner, name] = rules
        self._object_rules: dict[str, list[ObjectRule]] = {}
        self._add_special_rules()

    # --- checking ------------------------------------------------------------------------------

    def check_call(
        self,
        method: str,
        raw: dict[str, Any],
        files: dict[str, bytes],
        file_ids: set[str],
        form: bool,
        decoded: dict[str, Any],
    ) -> None:
        """Check a call's parameters (raises Rejected); `decoded` receives the typed values."""
        fields = self.fields[method]
        context = _Context(files, set(), file_ids)
        for name in raw:
            if name not in fields:
                raise bad(f"unknown parameter {name}")
        for name, spec_field in fields.items():
            if name in files and name not in raw and "InputFile" in spec_field["types"]:
                context.used.add(name)
                _check_upload(files[name], name, photo=method == "sendPhoto")
            elif spec_field["required"] and name not in raw:
                raise bad(f"parameter {name} is required")
        for name, value in raw.items():
            types = fields[name]["types"]
            decoded[name] = self._from_form(value, types, name) if form else value
        for name, value in decoded.items():
            self._union(value, fields[name]["types"], name, context)
            for rule in self._rules.get((method, name), ()):
                rule(value, name, decoded)
        for rule in self._object_rules.get(method, ()):
            rule(decoded, "", context)
        _entities_fit(decoded, "")
        for name in files:
            if name not in context.used:
                raise bad(f"file part {name} is neither a parameter nor attached anywhere")

    def assert_valid(self, value: Any, types: list[str], where: str) -> None:
        """The fake's own output (answers, pushed updates) must be something Telegram sends."""
        try:
            self._union(value, types, where, _Context())
        except Rejected as error:
            raise AssertionError(
                f"the fake built a {' or '.join(types)} Telegram never sends: {error.description}"
            ) from None

    def required(self, type_name: str) -> set[str]:
        """The required fields of an object type."""
        return {n for n, f in self.fields.get(type_name, {}).items() if f["required"]}

    def _from_form(self, raw: Any, types: list[str], path: str) -> Any:
        """A form or multipart value (a string) as the value it stands for, per the field's types:
        a String stays the raw string; objects and arrays are JSON."""
        if not isinstance(raw, str):
            raise bad(f"{path}: expected a string form value")
        structured = [t for t in types if t.startswith("Array of ") or self._is_object(t)]
        if structured:
            try:
                value = json.loads(raw)
            except ValueError:
                value = None
            if isinstance(value, (dict, list)):
                return value
            if not {"String", "InputFile"} & set(types):
                raise bad(f"can't parse {path}: {' or '.join(types)} JSON expected, got {raw!r}")
        if "Integer" in types and _INTEGER.fullmatch(raw):
            return int(raw)
        if "Float" in types and _NUMBER.fullmatch(raw):
            return float(raw)
        if ("Boolean" in types and raw in ("true", "false")) or ("True" in types and raw == "true"):
            return raw == "true"
        if {"String", "InputFile"} & set(types):
            return raw
        raise bad(f"{path}: expected {' or '.join(types)}, got {raw!r}")

    def _is_object(self, type_name: str) -> bool:
        return type_name in self.types and type_name != "InputFile"

    def _union(self, value: Any, types: list[str], path: str, context: _Context) -> None:
        if len(types) == 1:
            self._check(value, types[0], path, context)
            return
        if "InputFile" in types and isinstance(value, str):
            self._file_reference(value, path, context)
            return
        if isinstance(value, dict):
            fitting = [
                t
                for t in types
                if self._is_object(t)
                and not self.types[t].get("subtypes")
                and self.required(t) <= value.keys()
            ]
            if len(fitting) == 1:  # the one it means to be: its own errors are the useful ones
                self._check(value, fitting[0], path, context)
                return
        for type_name in types:
            try:
                self._check(value, type_name, path, context)
                return
            except Rejected:
                continue
        raise bad(f"{path}: expected {' or '.join(types)}, got {_show(value)}")

    def _check(self, value: Any, type_name: str, path: str, context: _Context) -> None:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise bad(f"{path}: expected {type_name}, got {_show(value)}")
            for i, item in enumerate(value):
                self._check(item, type_name[len("Array of ") :], f"{path}[{i}]", context)
            return
        primitive = _PRIMITIVES.get(type_name)
        if primitive is not None:
            if not primitive(value):
                raise bad(f"{path}: expected {type_name}, got {_show(value)}")
            return
        if type_name == "InputFile":
            if not isinstance(value, str):
                raise bad(f"{path}: expected a file, got {_show(value)}")
            self._file_reference(value, path, context)
            return
        spec = self.types.get(type_name)
        if spec is None:
            raise AssertionError(f"the spec has no type {type_name}")
        if spec.get("subtypes"):
            self._abstract(value, type_name, path, context)
        else:
            self._object(value, type_name, path, context)

    def _object(self, value: Any, type_name: str, path: str, context: _Context) -> None:
        if not isinstance(value, dict):
            raise bad(f"{path}: expected a {type_name} object, got {_show(value)}")
        fields = self.fields[type_name]
        for name in value:
            if name not in fields:
                raise bad(f"{path}: {type_name} has no field {name}")
        for name, spec_field in fields.items():
            if spec_field["required"] and name not in value:
                raise bad(f"{path}: {type_name} needs {name}")
        for name, item in value.items():
            where = f"{path}.{name}"
            self._union(item, fields[name]["types"], where, context)
            for rule in self._rules.get((type_name, name), ()):
                rule(item, where, value)
        for rule in self._object_rules.get(type_name, ()):
            rule(value, path, context)
        _entities_fit(value, path)

    def _abstract(self, value: Any, type_name: str, path: str, context: _Context) -> None:
        """One of the subtypes: the one its discriminator names, else the only one it matches."""
        subtypes: list[str] = self.types[type_name]["subtypes"]
        discriminators = self._discriminators[type_name]
        if isinstance(value, dict):
            for key in {key for key, _ in discriminators.values()}:
                if key in value:
                    named = [s for s, d in discriminators.items() if d == (key, value[key])]
                    if len(named) == 1:
                        self._check(value, named[0], path, context)
                        return
                    if not named:
                        allowed = sorted(c for k, c in discriminators.values() if k == key)
                        raise bad(
                            f"{path}.{key}: {_show(value[key])} is no {type_name}; "
                            f"one of {', '.join(allowed)}"
                        )
        matched, errors = [], []
        for subtype in subtypes:
            try:
                self._check(value, subtype, path, context)
                matched.append(subtype)
            except Rejected as error:
                errors.append(error)
        if len(matched) == 1:
            return
        if matched:
            raise bad(f"{path}: ambiguous {type_name}, matches {', '.join(matched)}")
        looking = [
            e
            for s, e in zip(subtypes, errors)
            if isinstance(value, dict) and self._is_object(s) and self.required(s) <= value.keys()
        ]
        if len(looking) == 1:
            raise looking[0]
        raise bad(f"{path}: matches none of {type_name}'s kinds ({', '.join(subtypes)})")

    def _file_reference(self, value: str, path: str, context: _Context) -> None:
        """attach://<part>, a file_id the fake issued, or an HTTP URL."""
        if value.startswith("attach://"):
            name = value[len("attach://") :]
            if name not in context.files:
                raise bad(f"{path}: no file part {name!r} to attach")
            context.used.add(name)
            _check_upload(context.files[name], path, photo=False)
            return
        if context.file_ids is None or value in context.file_ids:
            return
        if re.match(r"https?://[^\s/]+", value):
            return
        raise bad(f"wrong file identifier/HTTP URL specified ({path}: {value[:40]!r})")

    # --- rules ---------------------------------------------------------------------------------

    def _discriminators_of(self, subtypes: list[str]) -> dict[str, tuple[str, str]]:
        found = {}
        for subtype in subtypes:
            for name, spec_field in self.fields.get(subtype, {}).items():
                match = _CONSTANT.search(spec_field["description"])
                if spec_field["required"] and spec_field["types"] == ["String"] and match:
                    found[subtype] = (name, match.group(1))
                    break
        return found

    def _described_rules(self, owner: str, name: str, spec_field: dict) -> list[Rule]:
        """The limits a field's description states."""
        desc, types = spec_field["description"], spec_field["types"]
        rules: list[Rule] = []
        if "String" in types:
            if m := re.search(r"(\d+)-(\d+) characters", desc):
                stripped = "after entit" in desc
                rules.append(_length_rule(owner, name, int(m[1]), int(m[2]), stripped))
            if m := re.search(r"(\d+)-(\d+) [Bb]ytes", desc):
                rules.append(_bytes_rule(name, int(m[1]), int(m[2])))
            if m := re.search(r"at most (\d+) line feeds", desc):
                rules.append(_line_feeds_rule(int(m[1])))
            if m := re.search(r"(?:[Mm]ust be one of|[Cc]an be either|[Cc]an be) \"", desc):
                tail = desc[m.start() :]
                if end := re.search(r"\.\s+[A-Z]", tail):
                    tail = tail[: end.start()]
                rules.append(_enum_rule(re.findall(r"\"([^\"]+)\"", tail)))
            if "two-letter ISO 639-1 language code" in desc:
                rules.append(_pattern_rule(r"([a-z]{2})?", "a two-letter ISO 639-1 code"))
            if "two-letter ISO 3166-1 alpha-2" in desc:
                rules.append(_pattern_rule(r"[A-Z]{2}", "a two-letter ISO 3166-1 code"))
            if re.match(r"(Optional\. )?(An )?HTTPS URL", desc) and owner != "setWebhook":
                rules.append(_pattern_rule(r"https://\S+", "an HTTPS URL"))
            if "Only characters A-Z, a-z, 0-9, _ and - are allowed" in desc:
                rules.append(_pattern_rule(r"[A-Za-z0-9_-]*", "A-Z, a-z, 0-9, _ and - only"))
            if "Can contain only lowercase English letters, digits and underscores" in desc:
                rules.append(
                    _pattern_rule(
                        r"[a-z0-9_]*", "lowercase letters, digits, _", "BOT_COMMAND_INVALID"
                    )
                )
            if name == "chat_id" and types == ["Integer", "String"]:
                rules.append(_chat_id_rule)
            if name.endswith("parse_mode"):
                rules.append(_enum_rule(sorted(PARSE_MODES), "unsupported parse_mode"))
        if {"Integer", "Float"} & set(types):
            pattern = r"(?:[;,] |Values between )(-?\d+)-(\d+)(?=[.,]| are accepted|$)"
            if m := re.search(pattern, desc):
                rules.append(_range_rule(int(m[1]), int(m[2])))
            if desc.startswith("Always 0"):
                rules.append(_range_rule(0, 0))
            if "always a positive number" in desc:
                rules.append(_range_rule(1, 2**63 - 1))
        if any(t.startswith("Array of ") for t in types):
            pattern = r"(?:[Ll]ist of|must include) (\d+)-(\d+)|()[Aa]t most (\d+) [\w ]+ can be"
            if m := re.search(pattern, desc):
                low, high = (int(m[1]), int(m[2])) if m[1] else (0, int(m[4]))
                rules.append(_count_rule(low, high))
            if "two-letter ISO 3166-1 alpha-2" in desc:
                rules.append(_each(_pattern_rule(r"[A-Z]{2}", "a two-letter ISO 3166-1 code")))
        return rules

    def _add_rule(self, owner: str, name: str, rule: Rule) -> None:
        self._rules.setdefault((owner, name), []).append(rule)

    def _add_object_rule(self, owner: str, rule: ObjectRule) -> None:
        self._object_rules.setdefault(owner, []).append(rule)

    def _add_special_rules(self) -> None:
        """What the descriptions say in prose, or Telegram does without saying."""
        self._add_rule("sendChatAction", "action", _enum_rule(sorted(CHAT_ACTIONS)))
        self._add_rule("sendPoll", "type", _enum_rule(["quiz", "regular"]))
        self._add_rule("User", "id", _range_rule(1, 2**52))
        self._add_rule("setWebhook", "url", _webhook_url_rule)
        self._add_rule("InlineKeyboardButton", "url", _button_url_rule)
        for method in ("getUpdates", "setWebhook"):
            self._add_rule(method, "allowed_updates", self._allowed_updates_rule)
        actions = set(self.fields["InlineKeyboardButton"]) - {
            "text",
            "icon_custom_emoji_id",
            "style",
        }
        self._add_object_rule("InlineKeyboardButton", _one_action_rule(actions))
        requests = set(self.fields["KeyboardButton"]) - {"text", "icon_custom_emoji_id", "style"}
        self._add_object_rule("KeyboardButton", _at_most_one_request_rule(requests))
        self._add_object_rule("InlineKeyboardMarkup", _first_button_rule)
        self._add_object_rule("sendPoll", _poll_rule)
        self._add_object_rule("sendPhoto", _photo_rule)
        self._add_object_rule("editMessageMedia", _media_rule)
        for method in [*EDIT_METHODS, "editMessageLiveLocation", "stopMessageLiveLocation"]:
            if method in self.methods:
                self._add_object_rule(method, _edit_target_rule)
        self._add_object_rule("editMessageText", _edit_text_rule)

    def _allowed_updates_rule(self, value: Any, path: str, holder: dict) -> None:
        unknown = sorted(set(value) - self.update_kinds)
        if unknown:
            raise bad(f"{path}: no update type {', '.join(unknown)}")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and -(2**63) <= v < 2**63


_PRIMITIVES: dict[str, Callable[[Any], bool]] = {
    "String": lambda v: isinstance(v, str),
    "Integer": _is_int,
    "Float": lambda v: (
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(float(v))
    ),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _length_rule(owner: str, name: str, low: int, high: int, after_entities: bool) -> Rule:
    def rule(value: Any, path: str, holder: dict) -> None:
        shown = value
        if after_entities:
            mode = holder.get(f"{name}_parse_mode")
            if mode is None and name in ("text", "caption"):
                mode = holder.get("parse_mode")
            shown = visible_text(value, mode).strip()
        n = utf16_len(shown)
        if low <= n <= high:
            return
        if name == "text" and owner in ("sendMessage", "editMessageText"):
            raise bad("message text is empty" if n < low else f"message is too long ({n} > {high})")
        if name == "caption" and n > high:
            raise bad(f"message caption is too long ({path}: {n} > {high})")
        raise bad(f"{path} must be {low}-{high} characters (UTF-16 code units), got {n}")

    return rule


def _bytes_rule(name: str, low: int, high: int) -> Rule:
    def rule(value: Any, path: str, holder: dict) -> None:
        n = len(value.encode())
        if not low <= n <= high:
            code = "BUTTON_DATA_INVALID: " if name == "callback_data" else ""
            raise bad(f"{code}{path} must be {low}-{high} bytes, got {n}")

    return rule


def _line_feeds_rule(most: int) -> Rule:
    def rule(value: Any, path: str, holder: dict) -> None:
        if value.count("\n") > most:
            raise bad(f"{path} may have at most {most} line feeds, has {value.count(chr(10))}")

    return rule


def _enum_rule(allowed: Iterable[str], what: str = "") -> Rule:
    choices = frozenset(allowed)

    def rule(value: Any, path: str, holder: dict) -> None:
        if value not in choices:
            prefix = f"{what}: " if what else ""
            raise bad(f"{prefix}{path} must be one of {', '.join(sorted(choices))}, got {value!r}")

    return rule


def _pattern_rule(pattern: str, what: str, code: str = "") -> Rule:
    compiled = re.compile(pattern)

    def rule(value: Any, path: str, holder: dict) -> None:
        if not compiled.fullmatch(value):
            raise bad(f"{code + ': ' if code else ''}{path} must be {what}, got {value!r}")

    return rule


def _range_rule(low: int, high: int) -> Rule:
    def rule(value: Any, path: str, holder: dict) -> None:
        if not low <= value <= high:
            raise bad(f"{path} must be {low}-{high}, got {value}")

    return rule


def _count_rule(low: int, high: int) -> Rule:
    def rule(value: Any, path: str, holder: dict) -> None:
        if not low <= len(value) <= high:
            raise bad(f"{path} must have {low}-{high} items, has {len(value)}")

    return rule


def _each(inner: Rule) -> Rule:
    def rule(value: Any, path: str, holder: dict) -> None:
        for i, item in enumerate(value):
            inner(item, f"{path}[{i}]", holder)

    return rule


def _chat_id_rule(value: Any, path: str, holder: dict) -> None:
    if isinstance(value, str) and not _USERNAME.fullmatch(value):
        raise Rejected(CHAT_NOT_FOUND + f" ({path} {value!r} is neither an id nor an @username)")


def _webhook_url_rule(value: Any, path: str, holder: dict) -> None:
    # Telegram wants HTTPS; like a local Bot API server, the fake also takes http to loopback.
    if value and not (value.startswith("https://") or _LOOPBACK_HTTP.match(value)):
        raise bad(f"bad webhook: an HTTPS URL must be provided for webhook, got {value!r}")


def _button_url_rule(value: Any, path: str, holder: dict) -> None:
    if not re.match(r"(https?|tg)://\S+$", value):
        raise bad(f"BUTTON_URL_INVALID: {path} must be an HTTP or tg:// URL, got {value!r}")


def _one_action_rule(actions: set[str]) -> ObjectRule:
    def rule(button: dict, path: str, context: _Context) -> None:
        given = sorted(actions & button.keys())
        if len(given) != 1:
            raise bad(
                f"can't parse inline keyboard button: {path} needs exactly one of "
                f"{', '.join(sorted(actions))}; has {', '.join(given) or 'none'}"
            )

    return rule


def _at_most_one_request_rule(requests: set[str]) -> ObjectRule:
    def rule(button: dict, path: str, context: _Context) -> None:
        given = sorted(requests & button.keys())
        if len(given) > 1:
            raise bad(f"can't parse keyboard button: {path} has {', '.join(given)}; one at most")

    return rule


def _first_button_rule(markup: dict, path: str, context: _Context) -> None:
    for r, row in enumerate(markup["inline_keyboard"]):
        for c, button in enumerate(row):
            for kind in ("pay", "callback_game"):
                if kind in button and (r, c) != (0, 0):
                    raise bad(f"{path}.inline_keyboard[{r}][{c}]: a {kind} button must be first")


def _poll_rule(params: dict, path: str, context: _Context) -> None:
    options = params["options"]
    texts = [option["text"] for option in options]
    if len(set(texts)) != len(texts):
        raise bad("POLL_OPTION_DUPLICATE: options must differ")
    ids = params.get("correct_option_ids")
    if params.get("type", "regular") == "quiz":
        if not ids:
            raise bad("correct_option_ids is required for polls in quiz mode")
        if any(not 0 <= i < len(options) for i in ids):
            raise bad(f"correct_option_ids {ids}: the options are numbered 0-{len(options) - 1}")
        if ids != sorted(set(ids)):
            raise bad(f"correct_option_ids {ids} must increase monotonically")
    elif ids is not None:
        raise bad("correct_option_ids is for polls in quiz mode only")
    if "open_period" in params and "close_date" in params:
        raise bad("open_period and close_date can't be used together")
    if "close_date" in params and not 5 <= params["close_date"] - time.time() <= 2628000:
        raise bad("close_date must be 5-2628000 seconds in the future")
    if params.get("allow_adding_options") and (
        params.get("type") == "quiz" or params.get("is_anonymous", True)
    ):
        raise bad("allow_adding_options is not supported for anonymous polls and quizzes")


def _photo_rule(params: dict, path: str, context: _Context) -> None:
    reference = params.get("photo", "")
    name = reference[len("attach://") :] if reference.startswith("attach://") else "photo"
    if name in context.files:
        _check_upload(context.files[name], "photo", photo=True)


def _media_rule(params: dict, path: str, context: _Context) -> None:
    media = params["media"]
    if media["type"] == "photo" and media["media"].startswith("attach://"):
        _check_upload(context.files[media["media"][len("attach://") :]], "media", photo=True)


def _edit_target_rule(params: dict, path: str, context: _Context) -> None:
    inline = "inline_message_id" in params
    if inline and ({"chat_id", "message_id"} & params.keys()):
        raise bad("give inline_message_id or chat_id and message_id, not both")
    if not inline and not {"chat_id", "message_id"} <= params.keys():
        raise bad("chat_id and message_id are required without inline_message_id")


def _edit_text_rule(params: dict, path: str, context: _Context) -> None:
    if "text" not in params and "rich_message" not in params:
        raise bad("message text is empty")


def _entities_fit(holder: dict, path: str) -> None:
    """Entities lie within the text they format (offsets in UTF-16 code units)."""
    for key, entities in holder.items():
        if key != "entities" and not key.endswith("_entities"):
            continue
        base = "text" if key == "entities" else key[: -len("_entities")]
        text = holder.get(base)
        if not isinstance(text, str) or not isinstance(entities, list):
            continue
        size = utf16_len(text)
        for i, entity in enumerate(entities):
            if not isinstance(entity, dict):
                continue
            offset, length = entity.get("offset"), entity.get("length")
            if (
                _is_int(offset)
                and _is_int(length)
                and (offset < 0 or length < 1 or offset + length > size)
            ):
                where = f"{path}.{key}" if path else key
                raise bad(f"{where}[{i}] ({offset}+{length}) lies outside {base} ({size} units)")


def _check_upload(data: bytes, path: str, photo: bool) -> None:
    limit = MAX_PHOTO_BYTES if photo else MAX_UPLOAD_BYTES
    if not data:
        raise bad(f"file must be non-empty ({path})")
    if len(data) > limit:
        raise bad(f"file is too big ({path}: {len(data)} bytes > {limit})")
    size = image_size(data)
    if photo and size is not None:
        width, height = size
        if width + height > 10000 or max(width, height) > 20 * min(width, height):
            raise bad(f"PHOTO_INVALID_DIMENSIONS ({path}: {width}x{height})")


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or GIF, else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:4] == b"GIF8" and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    return None


# --- parse modes: the text a formatted string shows, or Telegram's "can't parse entities" -------

_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"tg-emoji", "code", "pre", "blockquote", "tg-time"}
)
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)>")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def visible_text(text: str, mode: str | None) -> str:
    """What `text` shows once its parse mode is applied (raises Rejected where Telegram can't
    parse it)."""
    if mode is None:
        return text
    if mode == "HTML":
        return _html_visible(text)
    if mode == "MarkdownV2":
        return _markdown_v2_visible(text)
    if mode == "Markdown":
        return _markdown_visible(text)
    raise bad(f"unsupported parse_mode {mode!r}")


def _cant_parse(detail: str) -> Rejected:
    return bad(f"can't parse entities: {detail}")


def _html_visible(text: str) -> str:
    shown: list[str] = []
    open_tags: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _HTML_TAG.match(text, i)
            if match is None or match[2].lower() not in _HTML_TAGS:
                raise _cant_parse(f"unsupported start tag at offset {i}")
            tag = match[2].lower()
            if match[1]:
                if not open_tags or open_tags[-1] != tag:
                    raise _cant_parse(f'unmatched end tag "{tag}" at offset {i}')
                open_tags.pop()
            else:
                open_tags.append(tag)
            i = match.end()
        elif char == "&":
            match = _HTML_ENTITY.match(text, i)
            if match is None:
                raise _cant_parse(f'"&" at offset {i} must be written &amp;')
            shown.append(html.unescape(match[0]))
            i = match.end()
        elif char == ">":
            raise _cant_parse(f'">" at offset {i} must be written &gt;')
        else:
            shown.append(char)
            i += 1
    if open_tags:
        raise _cant_parse(f'can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(shown)


def _markdown_v2_visible(text: str) -> str:
    shown: list[str] = []
    open_marks: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            if i + 1 >= n:
                raise _cant_parse("a text can't end with a backslash")
            shown.append(text[i + 1])
            i += 2
        elif text.startswith("```", i):
            end = text.find("```", i + 3)
            if end < 0:
                raise _cant_parse(f"can't find end of pre entity at offset {i}")
            block = text[i + 3 : end]
            shown.append(block.split("\n", 1)[1] if "\n" in block else block)
            i = end + 3
        elif char == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise _cant_parse(f"can't find end of code entity at offset {i}")
            shown.append(text[i + 1 : end].replace("\\`", "`").replace("\\\\", "\\"))
            i = end + 1
        elif char in "*_~|":
            mark = text[i : i + 2] if text.startswith(("__", "||"), i) else char
            if mark == "|":
                raise _cant_parse("character '|' is reserved and must be escaped with '\\'")
            if open_marks and open_marks[-1] == mark:
                open_marks.pop()
            else:
                open_marks.append(mark)
            i += len(mark)
        elif char == "[" or text.startswith("![", i):
            open_marks.append("[")
            i += 2 if char == "!" else 1
        elif char == "]" and open_marks and open_marks[-1] == "[":
            open_marks.pop()
            if not text.startswith("(", i + 1) or (end := text.find(")", i + 2)) < 0:
                raise _cant_parse(f"a link at offset {i} needs (url)")
            i = end + 1
        elif char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
        elif char in _MARKDOWN_V2_RESERVED:
            raise _cant_parse(f"character '{char}' is reserved and must be escaped with '\\'")
        else:
            shown.append(char)
            i += 1
    if open_marks:
        raise _cant_parse(f"can't find end of the entity opened by {open_marks[-1]!r}")
    return "".join(shown)


def _markdown_visible(text: str) -> str:
    shown: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "*_`":
            mark = "```" if text.startswith("```", i) else char
            end = text.find(mark, i + len(mark))
            if end < 0:
                raise _cant_parse(f"can't find end of the entity starting at offset {i}")
            shown.append(text[i + len(mark) : end])
            i = end + len(mark)
        elif char == "[":
            close = text.find("](", i)
            end = text.find(")", close + 2) if close >= 0 else -1
            if end < 0:
                raise _cant_parse(f"can't find end of the link starting at offset {i}")
            shown.append(text[i + 1 : close])
            i = end + 1
        else:
            shown.append(char)
            i += 1
    return "".join(shown)


@functools.lru_cache(maxsize=4)
def load_spec(path: str | None = None) -> ApiSpec:
    """The spec at `path` (default: find_spec()), parsed once per process."""
    return ApiSpec(json.loads(Path(path or find_spec()).read_text()))


# --- what the fake records ----------------------------------------------------------------------


@dataclass
class Fault:
    """Answer the next `times` calls of `method` with `status` (and retry_after), or hang first.
    The faulted calls are still checked and recorded, but change nothing."""

    method: str
    times: int
    status: int = 500
    retry_after: int | None = None
    hang: float = 0.0


@dataclass
class Request:
    """One call the bot made, as answered: `status` 200 (`ok`), 400, 409, an injected fault's…
    `params` are typed as the spec says (a String is the string sent, objects are dicts);
    `files` are the multipart file parts."""

    index: int
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    fault: Fault | None = None
    violation: str | None = None
    description: str | None = None
    result: Any = None

    @property
    def ok(self) -> bool:
        """Telegram did it (answered 200)."""
        return self.status == 200

    @property
    def chat_id(self) -> int | None:
        """The chat the call is about, if any (and given as an id)."""
        value = self.params.get("chat_id")
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INTEGER.fullmatch(value):
            return int(value)
        return None


class _QuietServer(ThreadingHTTPServer):
    """Clients that vanish mid-request (a killed bot) are expected here, not errors."""

    request_queue_size = 1024  # bursts open hundreds of connections at once, as on Telegram

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class FakeBotApi:
    """The server; start() binds 127.0.0.1 on a free port.

    Tests may set `chat_admins[chat] = {user ids}` and `chat_owners[chat] = user id` for
    getChatMember. A group's messages reach the bot only as Telegram's privacy mode lets them:
    commands (not those addressed to another bot), replies to the bot and mentions of it.
    """

    live: ClassVar[weakref.WeakSet[FakeBotApi]] = weakref.WeakSet()

    def __init__(self, token: str) -> None:
        self.token = token
        self.spec = load_spec(str(find_spec()))
        self.methods: dict[str, dict] = self.spec.methods
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.chat_admins: dict[int, set[int]] = {}
        self.chat_owners: dict[int, int] = {}
        self.faults: list[Fault] = []
        self.dropped_updates: list[dict] = []  # what privacy mode or allowed_updates withheld
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self._updates: list[dict] = []
        self._allowed: frozenset[str] | None = None
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._serials = itertools.count(1)
        self._chats: dict[int, dict] = {}
        self._users: dict[int, dict] = {}
        self._messages: dict[int, dict[int, dict]] = {}
        self._polls: dict[str, dict] = {}  # poll id -> chat_id, message_id, votes
        self._queries: dict[str, str] = {}  # callback query id -> queued | delivered | answered
        self._file_ids: set[str] = set()
        self._cond = threading.Condition()
        self._stopped = False
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(0.05,),
            daemon=True,  # stop() in 50 ms
        )

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What TELEGRAM_BASE_URL should be (the token is appended by the bot)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> FakeBotApi:
        """Serve in a background thread."""
        self._thread.start()
        FakeBotApi.live.add(self)
        return self

    def stop(self) -> None:
        """Stop serving and release waiting long polls (twice is fine)."""
        FakeBotApi.live.discard(self)
        with self._cond:
            if self._stopped:
                return
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    # --- violations --------------------------------------------------------------------------

    def mark(self) -> int:
        """A point in `violations` to compare against later (`violations_since`)."""
        with self._cond:
            return len(self.violations)

    def violations_since(self, mark: int) -> list[str]:
        """The violations recorded after `mark()` returned `mark`."""
        with self._cond:
            return list(self.violations[mark:])

    # --- what tests do ---------------------------------------------------------------------

    def push_command(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Queue a user's message (with the entities Telegram adds: bot_command, mention) and
        return the mark (len(requests)) to wait from. In groups, privacy mode applies: a message
        that is not a command for this bot, a reply to it or a mention of it is not delivered."""
        assert chat_type in ("private", "group", "supergroup"), f"no user messages in {chat_type}"
        if chat_type == "private":
            assert chat_id > 0, "private chat ids are the user's id, positive"
            user_id = chat_id if user_id is None else user_id
            assert user_id == chat_id, "in a private chat the chat id is the user's id"
        else:
            assert chat_id < 0, "group chat ids are negative"
            user_id = abs(chat_id) if user_id is None else user_id
        with self._cond:
            chat = {"id": chat_id, "type": chat_type}
            chat.update({"first_name": "Ada"} if chat_type == "private" else {"title": "Class 7b"})
            self._chats[chat_id] = chat
            user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Ada"}
            if language_code is not None:
                user["language_code"] = language_code
            self._users[user_id] = user
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "from": user,
                "date": int(time.time()),
                "chat": chat,
                "text": text,
            }
            entities = _user_entities(text)
            if entities:
                message["entities"] = entities
            replied = None
            if reply_to_message_id is not None:
                replied = self._messages.get(chat_id, {}).get(reply_to_message_id)
                assert replied is not None, f"no message {reply_to_message_id} in {chat_id}"
                message["reply_to_message"] = _without_reply(replied)
            self._messages.setdefault(chat_id, {})[message["message_id"]] = message
            delivered = chat_type == "private" or _privacy_lets_through(text, replied)
            return self._queue({"message": message}, delivered)

    def push_callback_query(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        user_id: int | None = None,
        forged: bool = False,
    ) -> tuple[int, str]:
        """A press of the inline button with callback_data `data` under a message the bot sent;
        returns (mark, query id). Pressing a button that isn't there is a test bug (assertion),
        unless `forged` (a client sending made-up data)."""
        with self._cond:
            message = self._messages.get(chat_id, {}).get(message_id)
            if not forged:
                assert message is not None, f"the bot sent no message {message_id} to {chat_id}"
                assert message["from"]["id"] == BOT_USER["id"], "not the bot's message"
                buttons = [
                    button
                    for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                    for button in row
                ]
                assert any(b.get("callback_data") == data for b in buttons), (
                    f"message {message_id} has no button with callback_data {data!r}: {buttons}"
                )
            if user_id is None:
                user_id = chat_id if chat_id > 0 else abs(chat_id)
            user = self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
            chat = self._chats.get(chat_id) or _private_chat(chat_id)
            shown = message or {"chat": chat, "message_id": message_id, "date": 0}
            query_id = f"q{next(self._serials)}"
            query = {
                "id": query_id,
                "from": user,
                "message": shown,
                "chat_instance": str(-abs(chat_id) * 7 - 1),
                "data": data,
            }
            self._queries[query_id] = "queued"
            return self._queue({"callback_query": query}, True), query_id

    def push_poll_answer(self, poll_id: str, user_id: int, option_ids: list[int]) -> int:
        """A user's vote (`option_ids` empty: retracted) in a non-anonymous poll the bot sent."""
        with self._cond:
            poll_state = self._polls.get(poll_id)
            assert poll_state is not None, f"the bot sent no poll {poll_id}"
            poll = self._messages[poll_state["chat_id"]][poll_state["message_id"]]["poll"]
            assert not poll["is_anonymous"], "Telegram sends poll_answer for non-anonymous polls"
            assert not poll["is_closed"], "the poll is closed"
            count = len(poll["options"])
            assert all(0 <= i < count for i in option_ids), f"options are 0-{count - 1}"
            assert len(option_ids) <= 1 or poll["allows_multiple_answers"], "one answer only"
            assert len(set(option_ids)) == len(option_ids), "an option twice"
            before = poll_state["votes"].get(user_id)
            assert before is None or poll["allows_revoting"], "this poll doesn't allow revoting"
            for i in before or []:
                poll["options"][i]["voter_count"] -= 1
            for i in option_ids:
                poll["options"][i]["voter_count"] += 1
            poll_state["votes"][user_id] = list(option_ids)
            poll["total_voter_count"] = sum(1 for v in poll_state["votes"].values() if v)
            user = self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
            answer = {
                "poll_id": poll_id,
                "user": user,
                "option_ids": list(option_ids),
                "option_persistent_ids": [poll["options"][i]["persistent_id"] for i in option_ids],
            }
            return self._queue({"poll_answer": answer}, True)

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
                    sent = [(r.method, r.chat_id, r.status) for r in self.requests[after:]]
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
        """The first message, photo, document… delivered (answered 200) to `chat_id` from index
        `after` on, passing over training status messages."""
        return self.wait_for(
            lambda r: (
                r.ok and r.method in SEND_METHODS and r.chat_id == chat_id and not is_status(r)
            ),
            after,
            timeout,
        )

    def sent_to(self, chat_id: int, after: int = 0) -> list[Request]:
        """Every call about `chat_id` from index `after` on, whatever its answer: rejected and
        faulted ones too (see `delivered` for what reached the chat)."""
        with self._cond:
            return [r for r in self.requests[after:] if r.chat_id == chat_id]

    def delivered(self, chat_id: int, after: int = 0, method: str | None = None) -> list[Request]:
        """The sends and edits to `chat_id` from index `after` on that Telegram carried out."""
        with self._cond:
            return [
                r
                for r in self.requests[after:]
                if r.ok
                and r.chat_id == chat_id
                and r.method in (*SEND_METHODS, *EDIT_METHODS)
                and (method is None or r.method == method)
            ]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """A message as it now stands in the chat (after edits), None if unknown or deleted."""
        with self._cond:
            found = self._messages.get(chat_id, {}).get(message_id)
            return json.loads(json.dumps(found)) if found is not None else None

    def inject(self, fault: Fault) -> None:
        """Fail the next calls of a method."""
        with self._cond:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        """Forget the faults not yet used up."""
        with self._cond:
            self.faults.clear()

    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        with self._cond:
            return len(self._updates)

    # --- serving ---------------------------------------------------------------------------

    def _queue(self, content: dict, delivered: bool) -> int:
        """Queue an update (under the lock); returns the mark."""
        update = {"update_id": next(self._update_ids), **content}
        self.spec.assert_valid(update, ["Update"], "update")
        mark = len(self.requests)
        if delivered:
            self._updates.append(update)
            self._cond.notify_all()
        else:
            self.dropped_updates.append(update)
        return mark

    def _record(self, request: Request) -> None:
        with self._cond:
            request.index = len(self.requests)
            self.requests.append(request)
            if request.violation:
                self.violations.append(request.violation)
            self._cond.notify_all()

    def _serve(self, path: str, content_type: str, body: bytes) -> tuple[int, dict, Fault | None]:
        """One HTTP call: (status, JSON answer, fault to act out)."""
        asked, _, query = path.partition("?")
        token, _, method = asked.removeprefix("/bot").partition("/")
        if not asked.startswith("/bot") or not method or "/" in method:
            return self._refuse(asked, 404, "Not Found", f"{asked}: not a Bot API path")
        if token != self.token:
            return self._refuse(method, 401, "Unauthorized", f"{method}: wrong bot token")
        if method not in self.methods:
            return self._refuse(method, 404, "Not Found", f"{method}: no such method")
        fault = self._take_fault(method)
        decoded: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        problem: Rejected | None = None
        try:
            raw, files, names = _parse_body(content_type, body)
            raw = {**dict(parse_qsl(query, keep_blank_values=True)), **raw}
            form = not content_type.startswith("application/json")
            self.spec.check_call(method, raw, files, self._file_ids, form, decoded)
        except Rejected as error:
            problem = error
        params = {**raw, **decoded}
        result = None
        with self._cond:
            if problem is None:
                try:
                    result = self._perform(method, params, files, names, commit=fault is None)
                    self.spec.assert_valid(result, self.methods[method]["returns"], method)
                except Rejected as error:
                    problem = error
                except AssertionError as error:
                    problem = Rejected(f"Internal Server Error: fake bug: {error}", 500)
            status = fault.status if fault else problem.status if problem else 200
            request = Request(
                0,
                method,
                params,
                files,
                status=status,
                fault=fault,
                violation=f"{method}: {problem.description}"
                if problem and problem.violation
                else None,
                description=problem.description if problem else None,
                result=result if problem is None else None,
            )
            self._record(request)
        if fault is not None:
            answer: dict[str, Any] = {
                "ok": False,
                "error_code": fault.status,
                "description": "Injected fault",
            }
            if fault.retry_after is not None:
                answer["parameters"] = {"retry_after": fault.retry_after}
            return fault.status, answer, fault
        if problem is not None:
            answer = {"ok": False, "error_code": problem.status, "description": problem.description}
            return problem.status, answer, None
        return 200, {"ok": True, "result": result}, None

    def _refuse(
        self, method: str, status: int, description: str, violation: str
    ) -> tuple[int, dict, None]:
        request = Request(0, method, {}, {}, status=status, violation=violation)
        request.description = description
        self._record(request)
        return status, {"ok": False, "error_code": status, "description": description}, None

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    # --- the methods -----------------------------------------------------------------------

    def _perform(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        names: dict[str, str],
        commit: bool,
    ) -> Any:
        """The answer to a valid call (under the lock); state changes only if `commit`."""
        if method in SEND_METHODS:
            return self._send(method, params, files, names, commit)
        if method in EDIT_METHODS:
            return self._edit(method, params, files, names, commit)
        handler = getattr(self, f"_do_{method}", None)
        if handler is None:
            raise bad(f"the fake does not implement {method}")
        return handler(params, commit)

    def _chat(self, chat_id: int | str, commit: bool) -> dict:
        if isinstance(chat_id, str):
            raise Rejected(f"{CHAT_NOT_FOUND} (the fake knows no chat {chat_id})")
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id < 0:
                raise Rejected(f"{CHAT_NOT_FOUND} (no message ever came from group {chat_id})")
            chat = _private_chat(chat_id)
            if commit:
                self._chats[chat_id] = chat
        return chat

    def _new_file(self, prefix: str, commit: bool) -> str:
        file_id = f"{prefix}-{next(self._serials)}"
        if commit:
            self._file_ids.add(file_id)
        return file_id

    def _media(
        self,
        kind: str,
        reference: str | None,
        data: bytes | None,
        name: str,
        extra: dict,
        commit: bool,
    ) -> Any:
        """A Message's photo/document/animation/… for an upload or a file_id/URL."""
        if reference and not reference.startswith(("attach://", "http://", "https://")):
            file_id = reference  # a file_id the fake issued: the same file again
        else:
            file_id = self._new_file(kind, commit)
        unique = f"u{file_id}"
        width, height = image_size(data or b"") or (700, 530)
        sized = {"width": width, "height": height}
        if kind == "photo":
            size = {"file_id": file_id, "file_unique_id": unique, **sized}
            if data:
                size["file_size"] = len(data)
            return [size]
        described: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique}
        if kind in ("animation", "video"):
            described.update(sized, duration=int(extra.get("duration", 1)))
        if kind == "audio":
            described["duration"] = int(extra.get("duration", 1))
        if name:
            described["file_name"] = name
            mime = mimetypes.guess_type(name)[0]
            if mime:
                described["mime_type"] = mime
        if data:
            described["file_size"] = len(data)
        return described

    def _send(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        names: dict[str, str],
        commit: bool,
    ) -> dict:
        chat = self._chat(params["chat_id"], commit)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": BOT_USER,
            "date": int(time.time()),
            "chat": chat,
        }
        reply = params.get("reply_parameters")
        if reply is not None:
            target_chat = reply.get("chat_id", chat["id"])
            target = self._messages.get(target_chat, {}).get(reply["message_id"])  # type: ignore[arg-type]
            if target is None and not reply.get("allow_sending_without_reply"):
                raise bad("message to be replied not found", violation=False)
            if target is not None:
                quoted = target.get("text", target.get("caption", ""))
                if "quote" in reply and reply["quote"] not in quoted:
                    raise bad("QUOTE_TEXT_INVALID: the quote is not in the replied message")
                if target_chat == chat["id"]:
                    message["reply_to_message"] = _without_reply(target)
        if method == "sendMessage":
            message["text"] = params["text"]
            if "entities" in params:
                message["entities"] = params["entities"]
        elif method == "sendPoll":
            message["poll"] = self._poll(params, commit)
        else:
            kind = {"sendPhoto": "photo", "sendDocument": "document", "sendAnimation": "animation"}[
                method
            ]
            reference = params.get(kind)
            part = (
                reference[len("attach://") :]
                if reference and reference.startswith("attach://")
                else kind
            )
            data = files.get(part)
            media = self._media(kind, reference, data, names.get(part, ""), params, commit)
            message[kind] = media
            if kind == "animation":
                message["document"] = {
                    k: v for k, v in media.items() if k not in ("width", "height", "duration")
                }
            _set_caption(message, params)
            if params.get("has_spoiler"):
                message["has_media_spoiler"] = True
        markup = params.get("reply_markup")
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        if commit:
            self._messages.setdefault(chat["id"], {})[message["message_id"]] = message
            if "poll" in message:
                self._polls[message["poll"]["id"]] = {
                    "chat_id": chat["id"],
                    "message_id": message["message_id"],
                    "votes": {},
                }
        return message

    def _poll(self, params: dict[str, Any], commit: bool) -> dict:
        kind = params.get("type", "regular")
        poll: dict[str, Any] = {
            "id": f"poll-{next(self._serials)}",
            "question": params["question"],
            "options": [
                {"persistent_id": str(i), "text": option["text"], "voter_count": 0}
                for i, option in enumerate(params["options"])
            ],
            "total_voter_count": 0,
            "is_closed": bool(params.get("is_closed", False)),
            "is_anonymous": bool(params.get("is_anonymous", True)),
            "type": kind,
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
            "allows_revoting": bool(params.get("allows_revoting", kind != "quiz")),
            "members_only": bool(params.get("members_only", False)),
        }
        for key in (
            "question_entities",
            "correct_option_ids",
            "explanation",
            "explanation_entities",
            "open_period",
            "close_date",
            "description",
            "description_entities",
            "country_codes",
        ):
            if key in params:
                poll[key] = params[key]
        for i, option in enumerate(params["options"]):
            if "text_entities" in option:
                poll["options"][i]["text_entities"] = option["text_entities"]
        return poll

    def _edit(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        names: dict[str, str],
        commit: bool,
    ) -> dict:
        if "inline_message_id" in params:
            raise bad("MESSAGE_ID_INVALID (the fake never sent an inline message)")
        chat = self._chat(params["chat_id"], commit=False)
        old = self._messages.get(chat["id"], {}).get(params["message_id"])
        if old is None:
            raise Rejected(EDIT_NOT_FOUND, violation=False)
        if old["from"]["id"] != BOT_USER["id"]:
            raise bad("message can't be edited (it is not the bot's)")
        new = dict(old)
        markup = params.get("reply_markup")
        if markup and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        else:
            new.pop("reply_markup", None)
        media_kind = next((k for k in MEDIA_KINDS if k in old), None)
        if method == "editMessageText":
            if "text" not in old:
                raise bad("there is no text in the message to edit")
            new["text"] = params["text"]
            new.pop("entities", None)
            if "entities" in params:
                new["entities"] = params["entities"]
        elif method == "editMessageCaption":
            if media_kind is None:
                raise bad("there is no caption in the message to edit")
            for key in ("caption", "caption_entities", "show_caption_above_media"):
                new.pop(key, None)
            _set_caption(new, params)
        elif method == "editMessageMedia":
            if media_kind is None:
                raise bad("there is no media in the message to edit")
            media = params["media"]
            kind = media["type"]
            if kind not in MEDIA_KINDS:
                raise bad(f"the fake can't show {kind} media")
            reference = media["media"]
            part = reference[len("attach://") :] if reference.startswith("attach://") else ""
            for key in (*MEDIA_KINDS, "caption", "caption_entities", "show_caption_above_media"):
                new.pop(key, None)
            shown = self._media(
                kind, reference, files.get(part), names.get(part, ""), media, commit
            )
            new[kind] = shown
            if kind == "animation":
                new["document"] = {
                    k: v for k, v in shown.items() if k not in ("width", "height", "duration")
                }
            _set_caption(new, media)
        if _content(new) == _content(old):
            raise Rejected(NOT_MODIFIED, violation=False)
        new["edit_date"] = int(time.time())
        if commit:
            self._messages[chat["id"]][old["message_id"]] = new
        return new

    def _do_getMe(self, params: dict, commit: bool) -> dict:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _do_getUpdates(self, params: dict, commit: bool) -> list[dict]:
        if self.webhook is not None:
            raise Rejected(WEBHOOK_CONFLICT, 409)
        if not commit:
            return []
        if "allowed_updates" in params:
            self._allowed = frozenset(params["allowed_updates"]) or None
        offset = params.get("offset", 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        deadline = time.monotonic() + min(params.get("timeout", 0), 1.0)
        while True:
            self._withhold_unwanted()
            remaining = deadline - time.monotonic()
            if self._updates or remaining <= 0 or self._stopped:
                break
            self._cond.wait(remaining)
        batch = self._updates[: params.get("limit", 100)]
        for update in batch:
            if "callback_query" in update:
                query = update["callback_query"]["id"]
                if self._queries.get(query) == "queued":
                    self._queries[query] = "delivered"
        return batch

    def _withhold_unwanted(self) -> None:
        """Telegram drops updates of kinds the bot did not ask for."""
        allowed = self._allowed or (self.spec.update_kinds - NOT_BY_DEFAULT)
        kept = []
        for update in self._updates:
            (kind,) = set(update) - {"update_id"}
            (kept if kind in allowed else self.dropped_updates).append(update)
        self._updates = kept

    def _do_setWebhook(self, params: dict, commit: bool) -> bool:
        if commit:
            if params["url"]:
                self.webhook = {k: v for k, v in params.items() if k != "drop_pending_updates"}
            else:
                self.webhook = None
            if "allowed_updates" in params:
                self._allowed = frozenset(params["allowed_updates"]) or None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _do_deleteWebhook(self, params: dict, commit: bool) -> bool:
        if commit:
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _do_getWebhookInfo(self, params: dict, commit: bool) -> dict:
        info: dict[str, Any] = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook and "max_connections" in self.webhook:
            info["max_connections"] = self.webhook["max_connections"]
        if self._allowed:
            info["allowed_updates"] = sorted(self._allowed)
        return info

    @staticmethod
    def _scope_key(params: dict) -> tuple[str, str]:
        scope = params.get("scope", {"type": "default"})
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    def _do_setMyCommands(self, params: dict, commit: bool) -> bool:
        if commit:
            self.commands[self._scope_key(params)] = params["commands"]
        return True

    def _do_deleteMyCommands(self, params: dict, commit: bool) -> bool:
        if commit:
            self.commands.pop(self._scope_key(params), None)
        return True

    def _do_getMyCommands(self, params: dict, commit: bool) -> list[dict]:
        return self.commands.get(self._scope_key(params), [])

    def _do_setMyDescription(self, params: dict, commit: bool) -> bool:
        if commit:
            self.descriptions["description", params.get("language_code", "")] = params.get(
                "description", ""
            )
        return True

    def _do_setMyShortDescription(self, params: dict, commit: bool) -> bool:
        if commit:
            key = ("short_description", params.get("language_code", ""))
            self.descriptions[key] = params.get("short_description", "")
        return True

    def _do_getMyDescription(self, params: dict, commit: bool) -> dict:
        key = ("description", params.get("language_code", ""))
        return {"description": self.descriptions.get(key, "")}

    def _do_getMyShortDescription(self, params: dict, commit: bool) -> dict:
        key = ("short_description", params.get("language_code", ""))
        return {"short_description": self.descriptions.get(key, "")}

    def _do_sendChatAction(self, params: dict, commit: bool) -> bool:
        self._chat(params["chat_id"], commit)
        return True

    def _do_deleteMessage(self, params: dict, commit: bool) -> bool:
        chat = self._chat(params["chat_id"], commit=False)
        message = self._messages.get(chat["id"], {}).get(params["message_id"])
        if message is None:
            raise bad("message to delete not found", violation=False)
        by_bot = message["from"]["id"] == BOT_USER["id"]
        bot_is_admin = BOT_USER["id"] in self.chat_admins.get(chat["id"], set())
        if not by_bot and chat["type"] != "private" and not bot_is_admin:
            raise bad("message can't be deleted for everyone (the bot is no admin here)")
        if commit:
            del self._messages[chat["id"]][params["message_id"]]
        return True

    def _do_stopPoll(self, params: dict, commit: bool) -> dict:
        chat = self._chat(params["chat_id"], commit=False)
        message = self._messages.get(chat["id"], {}).get(params["message_id"])
        if message is None:
            raise bad("message with poll to stop not found", violation=False)
        if message["from"]["id"] != BOT_USER["id"] or "poll" not in message:
            raise bad("message with poll to stop not found (not a poll the bot sent)")
        if message["poll"]["is_closed"]:
            raise bad("poll has already been closed", violation=False)
        poll = {**message["poll"], "is_closed": True}
        if commit:
            message["poll"] = poll
            markup = params.get("reply_markup")
            if markup and markup.get("inline_keyboard"):
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
        return poll

    def _do_answerCallbackQuery(self, params: dict, commit: bool) -> bool:
        if self._queries.get(params["callback_query_id"]) != "delivered":
            raise Rejected(QUERY_TOO_OLD)
        if commit:
            self._queries[params["callback_query_id"]] = "answered"
        return True

    def _do_getChatMember(self, params: dict, commit: bool) -> dict:
        chat = self._chat(params["chat_id"], commit=False)
        user_id = params["user_id"]
        user = (
            BOT_USER
            if user_id == BOT_USER["id"]
            else self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
        )
        if self.chat_owners.get(chat["id"]) == user_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in self.chat_admins.get(chat["id"], set()):
            return {
                "status": "administrator",
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
        return {"status": "member", "user": user}

    def _do_close(self, params: dict, commit: bool) -> bool:
        return True

    def _do_logOut(self, params: dict, commit: bool) -> bool:
        return True

    # --- HTTP ------------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self._answer()

            def do_GET(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:  # the client died mid-request: nothing arrived
                    self.close_connection = True
                    return
                content_type = self.headers.get("Content-Type", "")
                status, payload, fault = api._serve(self.path, content_type, body)
                if fault is not None and fault.hang:
                    time.sleep(fault.hang)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler


# --- helpers --------------------------------------------------------------------------------


def _private_chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": "Ada"}


def _without_reply(message: dict) -> dict:
    """A message as Telegram nests it in reply_to_message (no further nesting)."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def _set_caption(message: dict, source: dict) -> None:
    if source.get("caption"):
        message["caption"] = source["caption"]
        if "caption_entities" in source:
            message["caption_entities"] = source["caption_entities"]
    if source.get("show_caption_above_media"):
        message["show_caption_above_media"] = True


def _content(message: dict) -> str:
    """What an edit can change, to tell an edit that changes nothing."""
    shown = {k: v for k, v in message.items() if k not in ("edit_date", "date", "from", "chat")}
    for key in ("text", "caption"):
        if isinstance(shown.get(key), str):
            shown[key] = shown[key].strip()
    return json.dumps(shown, sort_keys=True)


def _user_entities(text: str) -> list[dict]:
    """The entities Telegram marks in a user's message: a leading command, @mentions."""
    entities = []
    if text.startswith("/") and (head := re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)):
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(head[0])})
    for match in re.finditer(r"(?<![\w/])@[A-Za-z][A-Za-z0-9_]{4,31}", text):
        offset = utf16_len(text[: match.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(match[0])})
    return entities


def _privacy_lets_through(text: str, replied: dict | None) -> bool:
    """Privacy mode: a group message reaches the bot if it is a command not addressed to another
    bot, a reply to the bot's message, or mentions the bot."""
    if replied is not None and replied["from"]["id"] == BOT_USER["id"]:
        return True
    if re.search(rf"(?<![\w/])@{BOT_USERNAME}\b", text, re.IGNORECASE):
        return True
    command = re.match(r"/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?", text)
    return command is not None and (command[1] is None or command[1].lower() == BOT_USERNAME)


def is_status(request: Request) -> bool:
    """A long training's status message (sent before the reply)."""
    return request.method == "sendMessage" and str(request.params.get("text", "")).startswith(
        "Training…"
    )


def _parse_body(
    content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, bytes], dict[str, str]]:
    """Parameters (form and multipart values as the strings sent), file parts, their file names."""
    if not body:
        return {}, {}, {}
    if content_type.startswith("application/json"):
        try:
            params = json.loads(body)
        except ValueError:
            raise bad("can't parse the JSON body") from None
        if not isinstance(params, dict):
            raise bad("the JSON body must be an object")
        return params, {}, {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = payload
                names[name] = part.get_filename()
            else:
                params[name] = payload.decode()
        return params, files, names
    if content_type and not content_type.startswith("application/x-www-form-urlencoded"):
        raise bad(f"unsupported Content-Type {content_type}")
    return dict(parse_qsl(body.decode(), keep_blank_values=True)), {}, {}


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Form, JSON or multipart parameters and file parts. Form and multipart values stay the
    strings sent (the spec's types decide what they mean); a JSON body is decoded."""
    params, files, _ = _parse_body(content_type, body)
    return params, files
