"""Chat ids no other test uses. Kept out of tests/e2e/conftest.py: pytest imports a conftest as
its own module, and a test importing it again by package path would get a second copy — and a
second counter handing out the same ids."""

import itertools

_chats = itertools.count(1001)
_groups = itertools.count(-1001)


def new_chat() -> int:
    """A private chat no other test uses (its id is also the user's id)."""
    return next(_chats)


def new_group() -> int:
    """A group chat no other test uses."""
    return next(_groups)
