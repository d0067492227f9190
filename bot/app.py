"""Wiring only: the Application, its handlers in one table, start-up and shut-down."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable

from telegram import Bot, BotCommand, MessageEntity, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.features import command_table
from bot.features.timers import Timers
from bot.loader import ModelLoader
from bot.ops import metrics
from bot.telegram import handlers, inline, migration, sweep, updates
from bot.telegram.admins import ChatAdmins
from bot.telegram.connections import QueuedRequest
from bot.telegram.context import App, Services, context_types
from bot.telegram.echoes import Echoes
from bot.telegram.flood.limiter import FloodBudget
from bot.telegram.flood.shared import DatabaseWindows
from bot.telegram.restart import (
    post_results,
    resume_followups,
    resume_progress,
    resume_rounds,
    say_interrupted,
)
from bot.text import i18n
from classroom.service import Classroom
from storage.coordination import Coordination, alone

log = logging.getLogger(__name__)


def _stop_when_the_token_is_rejected(application: App) -> Callable[[], None]:
    """What a 401 does: python-telegram-bot ends its polling loop (or every reply fails, in
    webhook mode) while the process lives on, deaf. So the bot stops, and exits 1."""

    def rejected() -> None:
        if application.bot_data.token_rejected:
            return
        application.bot_data.token_rejected = True
        log.critical("Telegram rejected the token (401) while the bot ran: stopping")
        if application.running:
            application.stop_running()

    return rejected


def _stop_trainings_first_on_signals(application: App) -> None:
    """Replace python-telegram-bot's SIGINT/SIGTERM handler with one that first stops running
    trainings: Application.stop() waits for every running handler, and a training may have
    minutes to go. The interrupted trainings discard their work and tell their chats.

    A signal while the application is still starting (setWebhook or deleteWebhook in flight)
    must not be lost either: stop_running() then only sets a flag PTB checks right after
    post_init, never again, and PTB's own SystemExit would close the half-done start outside
    the loop, which fails. So the updater's start is cancelled (`START_CALLED_OFF` is set: run_*
    then end in CancelledError), or — between the start and the application's — SystemExit is
    raised, which run_* catch. Either way the bot shuts down as usual and exits 0."""
    from telegram.ext import Updater

    loop = asyncio.get_running_loop()
    starts = (Updater.start_polling.__code__, Updater.start_webhook.__code__)
    called_off = application.bot_data.start_called_off

    def stop() -> None:
        log.info("Stop signal: interrupting running trainings")
        application.bot_data.services.loader.shut_down_trainings()
        limiter = application.bot.rate_limiter
        if isinstance(limiter, FloodBudget):  # nor wait for a group's flood limit
            limiter.stop_waiting()
        if application.running:
            application.stop_running()
            return
        log.info("Stop signal while starting: the start is called off")
        starting = [
            task
            for task in asyncio.all_tasks(loop)
            if not task.done() and getattr(task.get_coro(), "cr_code", None) in starts
        ]
        if not starting:
            raise SystemExit(0)  # PTB's run_* catch it and shut down
        called_off.set()
        for task in starting:
            task.cancel()

    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # loops without signal support
            loop.add_signal_handler(stop_signal, stop)


async def _publish_profile(bot: Bot) -> None:
    """The command menu and the bot's descriptions in every language: English as the default,
    the others for users whose app speaks them. Failures are logged, never fatal."""
    calls = {}
    for language in i18n.LANGUAGES:
        t = i18n.catalogue(language)
        code = None if language == i18n.DEFAULT_LANGUAGE else language
        menu = [BotCommand(name, text) for name, text in command_table.menu(t)]
        calls[f"setMyCommands ({language})"] = bot.set_my_commands(menu, language_code=code)
        calls[f"setMyDescription ({language})"] = bot.set_my_description(
            t("bot-description"), language_code=code
        )
        calls[f"setMyShortDescription ({language})"] = bot.set_my_short_description(
            t("bot-short-description"), language_code=code
        )
    results = await asyncio.gather(*calls.values(), return_exceptions=True)
    for call, result in zip(calls, results):
        if isinstance(result, TelegramError):
            log.warning("%s failed: %s", call, result)
        elif isinstance(result, BaseException):  # a bug: logged, as nothing awaits this task
            log.error("%s failed", call, exc_info=result)


async def _publish_profile_when_settled(application: App) -> None:
    """The profile, once the updates waiting at start-up are answered: Telegram shows the one
    published last meanwhile, and polling starts at once."""
    await application.bot_data.services.loader.settled()
    await _publish_profile(application.bot)


async def _post_init(application: App) -> None:
    """Start loading the model in the background; resume open challenges; start publishing the
    menu and descriptions."""
    data = application.bot_data
    services = data.services
    await services.coordination.start()
    services.loader.begin()
    _stop_trainings_first_on_signals(application)
    await _resume_challenges(application)
    if services.coordination.shared:
        data.tasks["sweep"] = asyncio.create_task(sweep.sweep_forever(application))
    settings = services.settings
    if settings.metrics_port is not None:
        data.metrics = metrics.serve(settings.metrics_listen, settings.metrics_port)
    data.tasks["profile"] = asyncio.create_task(_publish_profile_when_settled(application))
    # Start-up ran without the cyclic collector (bot/__main__.py): what it made lives as long
    # as the process, so it is frozen out of the collector's way, which is on from here.
    gc.freeze()
    gc.enable()
    data.up = True
    log.info("Bot @%s is up", application.bot.username)


async def _resume_challenges(application: App) -> None:
    """Every round left open by the last run gets its timer again (or reveals now)."""
    classroom = application.bot_data.services.classroom
    rounds, results = await classroom.open_rounds(), await classroom.unposted_results()
    resume_rounds(application, rounds)
    post_results(application, results)
    if rounds or results:
        log.info("Resumed %d open challenge(s), %d result(s) to post", len(rounds), len(results))
    if followups := await resume_followups(application):
        log.info("Resumed %d follow-up quiz(zes)", followups)
    await resume_progress(application)
    application.bot_data.tasks["interrupted"] = asyncio.create_task(say_interrupted(application))


async def _post_shutdown(application: App) -> None:
    """Stop publishing the profile, the timers and the metrics endpoint, finish pending writes
    and close the stores."""
    data = application.bot_data
    services = data.services
    for task in data.tasks.values():
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    await services.timers.close()
    await services.echoes.close()
    if data.metrics is not None:
        data.metrics.shutdown()
    services.classroom.close()
    await services.loader.close()
    await services.coordination.close()


def build_application(
    settings: Settings,
    loader: ModelLoader,
    classroom: Classroom,
    coordination: Coordination | None = None,
) -> App:
    """The bot: each command of the table through its handler, and the other updates
    (`coordination`: with the other workers on a PostgreSQL database; default: alone)."""
    coordination = coordination or alone()
    if settings.token is None:
        raise ValueError("build_application needs a token")
    limiter = FloodBudget(
        settings.messages_per_second,
        first_backoff=settings.retry_backoff,
        shared=None if coordination.pools is None else DatabaseWindows(coordination.pools.changes),
    )
    requests = (QueuedRequest(), QueuedRequest(connections=1))  # replies; the long poll
    services = Services(
        loader=loader,
        classroom=classroom,
        timers=Timers(coordination.leases),
        coordination=coordination,
        admins=ChatAdmins(),
        echoes=Echoes(),
        settings=settings,
    )
    builder = (
        Application.builder()
        .token(settings.token.value)
        .request(requests[0])
        .get_updates_request(requests[1])
        .rate_limiter(limiter)
        .concurrent_updates(True)
        .context_types(context_types(services))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    application: App = builder.build()
    for request in requests:
        request.on_unauthorized = _stop_when_the_token_is_rejected(application)

    application.add_handler(TypeHandler(Update, updates.once), group=-2)
    application.add_handler(TypeHandler(Update, handlers.arrived), group=-1)
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migration.migrated))
    for spec in command_table.COMMANDS:  # new messages only: an edited command is not run again
        callback = handlers.command(spec)
        application.add_handler(CommandHandler(spec.name, callback, filters.UpdateType.MESSAGE))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(PollAnswerHandler(handlers.poll_answer))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))
    # Plain sentences, new messages only: a private chat's; a reply to the bot; a mention of it.
    text = filters.TEXT & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(filters.REPLY & text, handlers.reply_to_bot))
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, handlers.private_text))
    mentions = filters.Entity(MessageEntity.MENTION) & filters.ChatType.GROUPS
    application.add_handler(MessageHandler(text & mentions, handlers.mention))
    application.add_error_handler(handlers.on_error)
    return application
