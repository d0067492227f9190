"""What every handler reaches: the bot's services as one typed object, python-telegram-bot's
`bot_data` (its `ContextTypes`, as its examples/contexttypesbot.py shows), never string keys."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from bot.config import Settings
    from bot.features.timers import Timers
    from bot.loader import ModelLoader
    from bot.telegram.admins import ChatAdmins
    from bot.telegram.echoes import Echoes
    from classroom.service import Classroom
    from storage.coordination import Coordination


@dataclass(frozen=True)
class Services:
    """The bot's parts, made once at start-up: the model's loader, the classroom, the timers,
    the workers' coordination, the chats' admins, a group's echoes and the settings."""

    loader: ModelLoader
    classroom: Classroom
    timers: Timers
    coordination: Coordination
    admins: ChatAdmins
    echoes: Echoes
    settings: Settings
    started_at: float = field(default_factory=time.monotonic)


@dataclass
class BotData:
    """python-telegram-bot's `bot_data`: the services, and what the running application keeps
    (its background tasks, the metrics endpoint, how it is stopping)."""

    services: Services
    tasks: dict[str, asyncio.Task[Any]] = field(default_factory=dict)
    metrics: WSGIServer | None = None
    up: bool = False  # the bot answered its first updates' way: post_init ran to its end
    token_rejected: bool = False  # Telegram answered 401 while it ran
    start_called_off: threading.Event = field(default_factory=threading.Event)  # a stop signal


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
App = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]


def context_types(
    services: Services,
) -> ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotData]:
    """The ContextTypes whose `bot_data` holds `services` (python-telegram-bot makes bot_data by
    calling its class without arguments)."""

    class Wired(BotData):
        def __init__(self) -> None:
            super().__init__(services)

    return ContextTypes(context=CallbackContext, bot_data=Wired)


def services_of(application: App) -> Services:
    """The services of a running application (timers, restarts: no update, no context)."""
    return application.bot_data.services
