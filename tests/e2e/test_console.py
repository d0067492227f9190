"""Console mode (no token): the same commands typed on stdin, images written to files."""

import os
import subprocess
import sys

from bot.features import first_lesson
from bot.text import i18n
from tests import processes
from tests.conftest import ROOT


def run_console(folder, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot` without a token, `script` on its stdin, until it exits."""
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update(
        BOT_DATA_DIR=str(folder / "data"), PYTHONPATH=str(ROOT), BOT_PLOT_PROCESSES="1", **env
    )
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input=script,
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=processes.exit_with_parent,
        check=True,
    )


def test_console_runs_the_lesson_from_stdin(tmp_path):
    script = "\n".join(
        [
            "/start",
            "/convert 100",
            "/train 300",
            "/weights",
            "/lesson 3",
            "/help",
            "/help learn",
            "/fit",
            "/export",
            "/train 0",
            "hello",
            "what is 212 F in celsius?",
            "show me the weights",
            "/bogus",
            "/retrain 50",
            "/quit",
            "/convert 1",
        ]
    )
    done = run_console(tmp_path, script + "\n")
    out = done.stdout
    assert "Console mode" in out and "/convert" in out
    assert "100 °C →" in out and "shared model" in out
    assert "Trained 300 epochs" in out and "Weight (kernel)" in out
    images = sorted((tmp_path / "data" / "console").glob("*.png"))
    assert len(images) == 3  # /train, /fit and /retrain
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in images)
    assert list((tmp_path / "data" / "console").glob("*.keras"))
    assert "from 1 to 10000" in out and "/help lists" in out and "Shared default model" in out
    # The first lesson and /help, their buttons as lines of commands to type.
    en = i18n.catalogue("en")
    assert first_lesson.heading(en, 1) in out and first_lesson.heading(en, 3) in out
    assert en("console-buttons", commands="/lesson 2") in out
    assert en("console-buttons", commands="/lesson 4 · /fit") in out
    assert (
        en("help-heading") in out and en("help-page-heading", title=en("help-title-learn")) in out
    )
    assert out.count(", error ") == 1  # one /convert: nothing ran after /quit
    en = i18n.catalogue("en")
    # Sentences at the prompt, as in a private chat: one it cannot read, °F run backwards, a
    # request answered by its command with the command under it.
    assert en("sentence-hint") in out
    assert "212 °F → " in out and en("inverse-note-line", weight="", bias="").split(":")[0] in out
    assert out.count("Weight (kernel)") == 2 and en("sentence-command", command="/weights") in out
    assert "Traceback" not in done.stderr


def test_console_follows_the_locale_and_lang(tmp_path):
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    script = "/convert abc\n/fit\n/lang en\n/convert abc\n/quit\n"
    done = run_console(tmp_path, script, LANG="zh_CN.UTF-8", LC_ALL="", LC_MESSAGES="")
    lines = done.stdout.splitlines()
    assert lines[:2] == [zh("console-loading"), zh("console-banner")]
    assert zh("usage-not_a_number", word="abc") in lines
    assert zh("fit-caption") in lines
    assert en("lang-set") in lines
    assert lines[-1] == en("usage-not_a_number", word="abc")
    assert "missing from font" not in done.stderr and "Traceback" not in done.stderr


def test_a_console_quiz_is_answered_by_typing_the_options_number(tmp_path):
    en = i18n.catalogue("en")
    out = run_console(tmp_path, "/quiz\n9\n1\n1\n/score\n").stdout
    how = [line for line in out.split("\n") if line.startswith("Type the number of your answer")]
    assert len(how) == 2  # under the poll, and again for 9, which is no option
    right = en("console-quiz-right") in out
    assert right != (en("console-quiz-wrong", answer=1).split(":")[0] in out)
    assert (en("score-empty") in out) != right  # a right answer scores, a wrong one doesn't
    # The second 1 comes after the quiz was answered: a plain sentence, 1 °C to convert.
    assert sum(line.startswith("1 °C → ") for line in out.split("\n")) == 1


def test_a_console_tune_prints_each_presss_picture_before_the_next_command(tmp_path):
    en = i18n.catalogue("en")
    out = run_console(tmp_path, "/tune\n/tune b+\n/weights\n/tune b-\n/tune done\n").stdout
    lines = out.split("\n")
    presses = [i for i, line in enumerate(lines) if line.startswith(en("tune-bias-up") + ":")]
    weights = next(i for i, line in enumerate(lines) if line.startswith("Dense(1)"))
    pictures = [i for i, line in enumerate(lines) if line.startswith("[image:") and "tune" in line]
    assert len(pictures) >= 3  # the game, and its picture after each press
    assert any(presses[0] < p < weights for p in pictures)  # b+'s picture came before /weights
