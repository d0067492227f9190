"""The token never reaches a log line: in the message, its arguments, an exception or a stack."""

import io
import logging

import pytest

from bot.ops.logs import RedactToken

TOKEN = "123456789:SECRET-token-AbCdEfGhIjKlMnOpQrStUvWxYz"


@pytest.fixture
def logged():
    """A logger whose handler carries the filter, as setup_logging installs it; its output."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactToken(TOKEN))
    logger = logging.getLogger("test_logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, output
    logger.removeHandler(handler)


def test_token_in_the_message_is_replaced(logged):
    logger, output = logged
    logger.info(f"POST https://api.telegram.org/bot{TOKEN}/getMe")
    assert TOKEN not in output.getvalue()
    assert "https://api.telegram.org/bot<token>/getMe" in output.getvalue()


def test_token_in_the_arguments_is_replaced(logged):
    logger, output = logged
    logger.info("HTTP Request: %s %s", "POST", f"http://127.0.0.1/bot{TOKEN}/sendMessage")
    logger.debug("%(url)s answered", {"url": f"/bot{TOKEN}/getUpdates"})
    text = output.getvalue()
    assert TOKEN not in text
    assert "POST http://127.0.0.1/bot<token>/sendMessage" in text
    assert "/bot<token>/getUpdates answered" in text


def test_token_in_an_exception_is_replaced(logged):
    logger, output = logged
    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except ConnectionError:
        logger.exception("polling failed")
    text = output.getvalue()
    assert TOKEN not in text
    assert "ConnectionError: cannot reach https://api.telegram.org/bot<token>/getUpdates" in text


def test_token_in_a_stack_is_replaced(logged):
    logger, output = logged

    def frame_named_after_the_token():
        logger.warning("where am I", stack_info=True)

    frame_named_after_the_token.__code__ = frame_named_after_the_token.__code__.replace(
        co_name=f"url_{TOKEN}"
    )
    frame_named_after_the_token()
    text = output.getvalue()
    assert TOKEN not in text and "url_<token>" in text


def test_lines_without_the_token_are_untouched(logged):
    logger, output = logged
    logger.info("Bot @%s is up", "c2f_bot")
    assert output.getvalue() == "INFO Bot @c2f_bot is up\n"
