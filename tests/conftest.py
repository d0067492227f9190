"""Shared fixtures: one model service for the whole run, so each architecture compiles once."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
async def service():
    """A started ModelService (the shared default model trained)."""
    from model.service import ModelService

    svc = ModelService()
    await svc.start()
    yield svc
    svc.close()


@pytest.fixture
def chat_id(request) -> int:
    """A chat id no other test uses."""
    return abs(hash(request.node.nodeid)) % 10**12 + 1
