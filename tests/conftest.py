"""Shared fixtures, and a run that fails if any process it started outlives it."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from multiprocessing import resource_tracker
from pathlib import Path

import pytest

from tests import databases, processes

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Every process the tests start inherits this; the session-end check below finds them by it.
os.environ[processes.RUN_MARKER] = RUN_ID = uuid.uuid4().hex

# One XLA compilation cache for a run's processes (the test processes and the bots, consoles and
# scripts they start), which otherwise compile the same few training loops again, each of ~40.
# Made by the run itself (pytest-xdist's workers inherit it) and removed at its end, so a run
# under other XLA_FLAGS never loads code compiled for other instructions.
XLA_CACHE_FLAG = "--tf_xla_persistent_cache_directory"
if XLA_CACHE_FLAG not in os.environ.get("TF_XLA_FLAGS", ""):
    XLA_CACHE: str | None = tempfile.mkdtemp(prefix="c2f-xla-cache-")
    os.environ["TF_XLA_FLAGS"] = (
        f"{os.environ.get('TF_XLA_FLAGS', '')} {XLA_CACHE_FLAG}={XLA_CACHE}".strip()
    )
else:
    XLA_CACHE = None  # a worker's: its run's controller made it, and removes it

_chat_ids = itertools.count(10_000_000, 10_000)


# Tests that train the real model in-process: every test under these folders (an e2e module can
# join with `pytestmark = pytest.mark.trains`). `make test` runs them again under narrower
# instruction sets (`make test-isa`), which change only XLA's compiled code: the modules below
# draw, store or compute with numpy alone, so only their tests that start a ModelService (one of
# SERVICE_FIXTURES) are run again.
TRAINING_FOLDERS = ("model", "classroom")
WITHOUT_XLA = {
    "model/test_animation.py",
    "model/test_fair_drawing.py",
    "model/test_inverse.py",
    "model/test_plots.py",
    "classroom/test_classroom_store.py",
    "classroom/test_games.py",
    "classroom/test_homework_store.py",
}
SERVICE_FIXTURES = {"service", "make_service"}
# The order tests start in: the e2e tests, which wait on the bots they start, first, so that a
# long module does not begin last and leave one process working alone at the end.
FOLDER_ORDER = {"e2e": 0, "model": 1, "classroom": 2}


def _folder(item: pytest.Item) -> str:
    return item.path.relative_to(ROOT / "tests").parts[0]


def _may_run_xla(item: pytest.Item) -> bool:
    module = item.path.relative_to(ROOT / "tests").as_posix()
    return module not in WITHOUT_XLA or bool(SERVICE_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the training tests, and put the e2e tests first."""
    for item in items:
        if _folder(item) in TRAINING_FOLDERS and _may_run_xla(item):
            item.add_marker(pytest.mark.trains)
    items.sort(key=lambda item: FOLDER_ORDER.get(_folder(item), 3))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """pytest-xdist (`make test`): an e2e module's tests stay in one process, with the bot and
    fake Bot API the module starts once; every other test is handed out on its own, so that a
    module of slow tests is shared between the processes."""
    from xdist.scheduler import LoadScopeScheduling

    class E2eModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.startswith("tests/e2e/") else nodeid

    return E2eModulesTogether(config, log)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=databases.needs_postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty database of each kind the run has (tests/databases.py)."""
    if request.param == "sqlite":
        yield databases.Database("sqlite", tmp_path)
        return
    url = databases.fresh_database()
    try:
        yield databases.Database("postgresql", tmp_path, url)
    finally:
        databases.drop_database(url)


@pytest.fixture
async def two_workers():
    """Two workers' coordination (storage.coordination.shared) on one fresh PostgreSQL database
    with the classroom's and the coordination's tables."""
    from storage.classroom import ClassroomStore
    from storage.coordination import shared

    url = databases.fresh_database()
    ClassroomStore(url).close()
    pair = (shared(url, size=2, trainings=1), shared(url, size=2, trainings=1))
    try:
        for worker in pair:
            await worker.start()
        yield pair
    finally:
        for worker in pair:
            await worker.close()
        databases.drop_database(url)


@pytest.fixture(scope="session")
async def service():
    """A started ModelService (the shared default model trained)."""
    from model.service import ModelService

    svc = ModelService()
    try:
        await svc.start()
        yield svc
    finally:
        svc.close()


@pytest.fixture
async def make_service() -> AsyncIterator[Callable[..., object]]:
    """Start extra ModelServices (`await make_service(store, **options)`), always closed."""
    from model.service import ModelService

    started: list[ModelService] = []

    async def make(*args: object, **kwargs: object) -> ModelService:
        svc = ModelService(*args, **kwargs)
        started.append(svc)
        await svc.start()
        return svc

    try:
        yield make
    finally:
        for svc in started:
            svc.close()


@pytest.fixture
def chat_id() -> int:
    """A chat id no other test uses; ids up to chat_id + 9,999 are free for the test too."""
    return next(_chat_ids)


def _is_own_resource_tracker(pid: int) -> bool:
    """multiprocessing's resource tracker lives as long as this process: not a leftover."""
    return processes.parent_of(pid) == os.getpid() and "resource_tracker" in (
        processes.command_line(pid)
    )


def _stop_own_resource_tracker() -> None:
    """End multiprocessing's resource tracker with the run instead of just after it, so that
    not even it is briefly left running without its parent."""
    tracker = getattr(resource_tracker, "_resource_tracker", None)
    stop = getattr(tracker, "_stop", None)  # private, but in every Python this project supports
    if stop is not None:
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a process a test started (a bot, a plotting worker…) is still alive."""
    candidates = [p for p in processes.marked(RUN_ID) if not _is_own_resource_tracker(p)]
    left = processes.wait_until_gone(candidates, timeout=15)
    if XLA_CACHE is not None:
        shutil.rmtree(XLA_CACHE, ignore_errors=True)
    _stop_own_resource_tracker()
    if not left:
        return
    described = "\n".join(f"  {pid}: {processes.command_line(pid)[:160]}" for pid in left)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line(
            f"processes the tests started are still running:\n{described}", red=True
        )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
