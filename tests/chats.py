"""Chat ids no other test uses. Kept out of tests/e2e/conftest.py: pytest imports a conftest as
its own module, and a test importing it again by package path would get a second copy — and a
second counter handing out the same ids.

The counters are per test process, which is also what shares a bot between e2e modules
(`shared_bot`): ids handed out here stay below FIXED_IDS, where the tests' fixed ids begin
(a class's students, a teacher, a chat stored before a bot starts)."""

import itertools

FIXED_IDS = 2000
_chats = itertools.count(1001)
_groups = itertools.count(-1001, -1)


def new_chat() -> int:
    """A private chat no other test uses (its id is also the user's id)."""
    chat = next(_chats)
    assert chat < FIXED_IDS, "the private chats handed out reached the tests' fixed ids"
    return chat


def new_group() -> int:
    """A group chat no other test uses."""
    group = next(_groups)
    assert group > -FIXED_IDS, "the groups handed out reached the tests' fixed ids"
    return group
