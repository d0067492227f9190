import pytest

from bot.config import Secret, Settings, SettingsError


def test_settings_defaults_mean_console_mode():
    settings = Settings.parse({})
    assert settings.token is None and settings.base_url is None
    assert settings.admin_ids == frozenset() and str(settings.data_dir) == "data"
    assert settings.log_level == "INFO"


def test_settings_read_every_contract_variable():
    settings = Settings.parse(
        {
            "TELEGRAM_BOT_TOKEN": "123:abc",
            "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
            "ADMIN_IDS": "1, 22,333",
            "BOT_DATA_DIR": "/var/lib/c2f",
            "LOG_LEVEL": "debug",
        }
    )
    assert settings.token.value == "123:abc"
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.admin_ids == {1, 22, 333}
    assert str(settings.data_dir) == "/var/lib/c2f" and settings.log_level == "DEBUG"


def test_optional_settings_have_working_defaults_and_are_read():
    defaults = Settings.parse({})
    assert (defaults.status_after, defaults.messages_per_second) == (2.0, 30.0)
    assert (defaults.retry_backoff, defaults.training_pause) == (0.5, 0.0)
    assert defaults.webhook_url is None and defaults.webhook_port == 8080
    settings = Settings.parse(
        {
            "WEBHOOK_URL": "https://bot.example.com/c2f",
            "WEBHOOK_PORT": "8443",
            "WEBHOOK_SECRET": "abc_DEF-123",
            "BOT_MESSAGES_PER_SECOND": "0",
            "BOT_RETRY_BACKOFF_SECONDS": "0.05",
            "BOT_TRAINING_PAUSE_SECONDS": "30",
        }
    )
    assert settings.webhook_port == 8443 and settings.webhook_secret.value == "abc_DEF-123"
    assert settings.messages_per_second == 0
    assert (settings.retry_backoff, settings.training_pause) == (0.05, 30.0)
    assert Settings.parse({"WEBHOOK_PORT": "0"}).webhook_port == 0  # any free port, logged
    assert defaults.plot_processes is None  # one per CPU
    assert Settings.parse({"BOT_PLOT_PROCESSES": "1"}).plot_processes == 1


@pytest.mark.parametrize(
    "values",
    [
        {"ADMIN_IDS": "12,abc"},
        {"LOG_LEVEL": "LOUD"},
        {"TELEGRAM_BOT_TOKEN": "no colon"},
        {"WEBHOOK_PORT": "-1"},
        {"WEBHOOK_PORT": "65536"},
        {"BOT_RETRY_BACKOFF_SECONDS": "61"},
        {"BOT_TRAINING_PAUSE_SECONDS": "-0.1"},
        {"WEBHOOK_PORT": "http"},
        {"WEBHOOK_URL": "bot.example.com/hook"},
        {"WEBHOOK_URL": "http://bot.example.com/hook"},  # Telegram posts to HTTPS only
        {"WEBHOOK_SECRET": "has spaces"},
        {"BOT_MESSAGES_PER_SECOND": "-1"},
        {"BOT_STATUS_AFTER_SECONDS": "nan"},
        {"BOT_PLOT_PROCESSES": "0"},
        {"BOT_PLOT_PROCESSES": "1.5"},
    ],
)
def test_bad_settings_are_refused_at_start(values):
    with pytest.raises(SettingsError):
        Settings.parse(values)


def test_the_token_never_shows_in_str_repr_or_fstrings():
    secret = Secret("123:super-secret")
    settings = Settings(token=secret)
    for text in (str(secret), repr(secret), f"{secret}", repr(settings), str(settings)):
        assert "super-secret" not in text


def test_env_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("ADMIN_IDS=5\nLOG_LEVEL=WARNING\n")
    settings = Settings.load({"LOG_LEVEL": "ERROR"}, env_file)
    assert settings.admin_ids == {5} and settings.log_level == "ERROR"
