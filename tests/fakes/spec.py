"""The Bot API specification as rules: what Telegram accepts, for the fake Bot API.

`ApiSpec` reads `api.min.json` (see `find_spec`) and checks a call's parameters against each
field's types, recursively, and against the limits the field descriptions document; a breach
raises `Rejected` with Telegram's own wording. It also turns formatted text (HTML, Markdown) into
the text Telegram would show, to count its length.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EDIT_METHODS = (
    "editMessageText",
    "editMessageCaption",
    "editMessageMedia",
    "editMessageReplyMarkup",
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
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


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

    def __init__(
        self,
        description: str,
        status: int = 400,
        violation: bool = True,
        parameters: dict | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.violation = violation
        self.parameters = parameters  # ResponseParameters, e.g. migrate_to_chat_id


def bad(detail: str, violation: bool = True) -> Rejected:
    """A 400 answer."""
    return Rejected(f"Bad Request: {detail}", 400, violation)


# --- the specification ------------------------------------------------------------------------

Rule = Callable[[Any, str, dict], None]  # value, path, the object holding it
ObjectRule = Callable[[dict, str, "_Context"], None]  # object or parameters, path, context

INTEGER_LITERAL = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_USERNAME = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_CONSTANT = re.compile(r"(?:must be|always) \"?([A-Za-z0-9_]+)\"?(?:$|[.,;])")
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
        # Strings that name a file ("attach://<part>", a file_id or a URL), as InputMedia's media.
        self._file_fields = {
            (owner, name)
            for owner, fields in self.fields.items()
            for name, spec_field in fields.items()
            if spec_field["types"] == ["String"] and "attach://" in spec_field["description"]
        }
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
            if (method, name) in self._file_fields:
                self._file_reference(value, name, context)
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
        if "Integer" in types and INTEGER_LITERAL.fullmatch(raw):
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
            if (type_name, name) in self._file_fields:
                self._file_reference(item, where, context)
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
        emoji = self.fields["ReactionTypeEmoji"]["emoji"]["description"]
        allowed = re.findall(r"\"([^\"]+)\"", emoji.partition("one of")[2])
        self._add_rule("ReactionTypeEmoji", "emoji", _enum_rule(allowed, "REACTION_INVALID"))
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
        self._add_object_rule(
            "InlineKeyboardButton", _one_of_rule(actions, "can't parse inline keyboard button: ")
        )
        requests = set(self.fields["KeyboardButton"]) - {"text", "icon_custom_emoji_id", "style"}
        self._add_object_rule("KeyboardButton", _at_most_one_request_rule(requests))
        self._add_object_rule("InlineKeyboardMarkup", _first_button_rule)
        self._add_object_rule("sendPoll", _poll_rule)
        self._add_object_rule("sendPhoto", _photo_rule)
        self._add_object_rule("sendAnimation", _animation_rule)
        self._add_object_rule("editMessageMedia", _media_rule)
        for method in [*EDIT_METHODS, "editMessageLiveLocation", "stopMessageLiveLocation"]:
            if method in self.methods:
                self._add_object_rule(method, _edit_target_rule)
        self._add_object_rule("editMessageText", _edit_text_rule)
        # Inline mode: the text an inline result posts counts once its entities are parsed, as
        # a message's; the results' button opens the bot with a deep link's parameter.
        self._rules["InputTextMessageContent", "message_text"] = [
            _length_rule("InputTextMessageContent", "message_text", 1, 4096, True)
        ]
        start = self.fields["InlineQueryResultsButton"]["start_parameter"]["description"]
        if "only A-Z, a-z, 0-9, _ and - are allowed" in start:
            self._add_rule(
                "InlineQueryResultsButton",
                "start_parameter",
                _pattern_rule(r"[A-Za-z0-9_-]*", "A-Z, a-z, 0-9, _ and - only"),
            )
        self._add_object_rule(
            "InlineQueryResultsButton", _one_of_rule({"web_app", "start_parameter"})
        )

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
            if mode is None and name in ("text", "caption", "message_text"):
                mode = holder.get("parse_mode")
            shown = visible_text(value, mode).strip()
        n = utf16_len(shown)
        if low <= n <= high:
            return
        if name == "text" and owner in ("sendMessage", "editMessageText"):
            raise bad("message text is empty" if n < low else f"message is too long ({n} > {high})")
        if name == "message_text":
            raise bad(f"MESSAGE_EMPTY ({path})" if n < low else f"MESSAGE_TOO_LONG ({path}: {n})")
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


def _one_of_rule(fields: set[str], refusal: str = "") -> ObjectRule:
    """An object that must use exactly one of its optional `fields` (`refusal`: the words
    Telegram puts before the reason)."""

    def rule(value: dict, path: str, context: _Context) -> None:
        given = sorted(fields & value.keys())
        if len(given) != 1:
            raise bad(
                f"{refusal}{path or 'the object'} needs exactly one of "
                f"{', '.join(sorted(fields))}; has {', '.join(given) or 'none'}"
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


def _animation_rule(params: dict, path: str, context: _Context) -> None:
    """sendAnimation sends "GIF or H.264/MPEG-4 AVC video without sound": an uploaded file that
    is neither (by its magic bytes) is not an animation."""
    reference = params.get("animation", "")
    name = reference[len("attach://") :] if reference.startswith("attach://") else "animation"
    data = context.files.get(name)
    if data is not None and data[:4] != b"GIF8" and data[4:8] != b"ftyp":
        raise bad("animation must be a GIF or an MP4 video")


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
