"""Which command a plain sentence asks for, with its arguments (pure; sentences.py's first step).

Sentences are canonical (numerals.canonical: lower case, numbers in digits). English words are
delimited by letters only (`(?<![a-z])…(?![a-z])`, not `\\b`), so that `用sgd训练` still has `sgd`.
"""

from __future__ import annotations

import math
import re

from bot.features import numerals
from bot.features.readings import Intent, Unreadable

_NUM = r"[+-]?(?:\d+(?:[.,]\d+)?|\.\d+)(?:e[+-]?\d+)?"
_IS = r"\s*(?:=|:|of|is|to|at|为|是|设为|设成|改为|改成|用|取)?\s*"


def _words(*patterns: str) -> re.Pattern[str]:
    """One pattern of alternatives; ASCII words among them are delimited by letters."""
    return re.compile("|".join(patterns))


def _en(words: str) -> str:
    return rf"(?<![a-z])(?:{words})(?![a-z])"


_WORDY = re.compile(r"[^\d\s.,;:!+\-()/&%°]")  # a letter, a Chinese character, a "?"
_NEGATION = _words(_en(r"don'?t|do not|not|no|never|stop"), "不|别")
_ENGLISH = _words(_en("english"), "英语|英文")
_CHINESE = _words(_en("chinese|mandarin"), "中文|汉语|普通话|华语")
_HELP = _words(
    r"^\W*(?:help|menu|commands?|\?+)\W*$",
    _en(r"help|what can (?:you|i) do|what do you do|how (?:does|do) (?:this|it|you) work"),
    _en(r"how (?:do|can|should) i use|what are (?:the |your )?commands|list (?:the )?commands"),
    "帮助|帮忙|能做什么|会做什么|你会什么|可以做什么|能干什么|怎么用|如何使用|怎么玩|命令|指令|菜单|说明",
)
_WHY = _words(_en("why"), "为什么|为啥|为何|怎么不是|怎么会是")
_RESET = _words(
    _en(r"reset|restart|start (?:over|again|afresh|from scratch)|from scratch|begin again"),
    "重置|重新开始|从头开始|从头再来|重来|复位|清空|重新来",
)
_STOP = _words(
    r"^\W*(?:stop|halt|cancel|abort)(?: (?:it|training|the training|now|please))*\W*$",
    "停止|停下|别训练了|不要训练了",
)
_LEARNED = _words(
    _en(r"what (?:did|has|have|does) (?:it|you|the model|the network) (?:learn|learned|learnt)"),
    _en(r"what (?:it|you) (?:learned|learnt|knows?)"),
    "学到|学会了什么|学了什么|学习了什么",
)
_EPOCHS_AFTER = re.compile(
    rf"(?P<n>{_NUM})\s*(?:more\s+|additional\s+|extra\s+|further\s+)?"
    r"(?:(?:epochs?|rounds?|times|iterations?|passes|cycles|steps?)(?![a-z])"
    r"|个?\s*(?:轮|次|遍|代|回合|步)|个?\s*epochs?(?![a-z]))"
)
_EPOCH_WORD = re.compile("epoch|round|time|iteration|pass|cycle|step|轮|次|遍|代|回合|步")
_EPOCHS_BEFORE = re.compile(rf"(?:(?<![a-z])epochs?|轮数|训练轮数){_IS}(?P<n>{_NUM})")
_TRAIN = _words(
    _en(r"train|trains|training|retrain|keep (?:going|learning|training)|learn more"), "训练"
)
_ONCE_MORE = _words(_en(r"1 (?:more )?time|once|again"))
_LR = re.compile(
    rf"(?:(?<![a-z])(?:lr|learning[\s_-]*rate)|学习率|学习速率|步长){_IS}(?P<n>{_NUM})"
)
_LR_WORD = _words(_en(r"lr|learning[\s_-]*rate"), "学习率|学习速率|步长")
_MOMENTUM = re.compile(rf"(?:(?<![a-z])momentum|动量){_IS}(?P<n>{_NUM})")
_BATCH = re.compile(
    r"(?:(?<![a-z])(?:mini-?)?batch(?:es| size|_size|-size)?"
    rf"|批量大小|批大小|批次大小|批量|批次|每批){_IS}(?P<n>{_NUM})"
)
_OPTIMIZER = re.compile(
    r"(?<![a-z])(?P<name>adam|sgd|rmsprop)(?![a-z])|(?P<sgd>gradient descent|梯度下降)"
)
_STEP = _words(_en("steps?"), "步(?!长)")
_FIT = _words(_en(r"fit|fits|fitting|fitted|how (?:well|good)"), "拟合|贴合")
_WEIGHTS = _words(
    _en(r"weights?|bias|biases|parameters?|params|slope|intercept|look inside"),
    "权重|偏置|参数|斜率|截距",
)
_PLOT = _words(_en(r"loss|losses|plot|graph|chart|curve"), "损失|曲线|画图|图表")


def intent(text: str) -> Intent | Unreadable | None:
    """The command a canonical sentence asks for; None when it asks for none (maybe it names
    temperatures); Unreadable when a number it gives a command is not finite."""
    if not _WORDY.search(text):  # only numbers: `0, 37 and 100` is read without a search more
        return None
    has_digits = any(c.isdigit() for c in text)
    if not has_digits and (lang := _language(text)):
        return Intent("lang", (lang,))
    if not has_digits and _HELP.search(text):
        return Intent("help")
    if not has_digits and _STOP.search(text):  # before train: `stop training`
        return Intent("stop")
    for pattern, command in ((_WHY, "why"), (_RESET, "reset"), (_LEARNED, "weights")):
        if pattern.search(text):
            return Intent(command)
    if _TRAIN.search(text):
        return _checked(Intent("train", _train_arguments(text)))
    if _STEP.search(text):  # `one step`, `走一步`: /step; `train 10 steps` was trained above
        found = numerals.numbers(text)
        steps = _number_text(found[0].text) if found else "1"
        return _checked(Intent("step", () if steps == "1" else (steps,)))
    if _EPOCH_WORD.search(text) and (_EPOCHS_AFTER.search(text) or _EPOCHS_BEFORE.search(text)):
        return _checked(Intent("train", _train_arguments(text)))
    if _LR_WORD.search(text):  # `learning rate 0.01`: /lr 0.01; `what is the learning rate`: /lr
        rate = _LR.search(text)
        return _checked(Intent("lr", (_number_text(rate["n"]),) if rate else ()))
    for pattern, command in ((_FIT, "fit"), (_WEIGHTS, "weights"), (_PLOT, "plot")):
        if pattern.search(text):
            return Intent(command)
    return None


def _language(text: str) -> str | None:
    """`说中文`, `speak English`, `switch from Chinese to English` (the last one named)."""
    english, chinese = _last(_ENGLISH, text), _last(_CHINESE, text)
    if english == chinese or _NEGATION.search(text):  # neither (-1 both), or "不说中文"
        return None
    return "en" if english > chinese else "zh"


def _last(pattern: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in pattern.finditer(text)), default=-1)


def _checked(found: Intent) -> Intent | Unreadable:
    """No `lr=1e999` reaches a command: a number that is not finite is refused here."""
    for argument in found.args:
        value = argument.partition("=")[2] or argument
        try:
            number = float(value)
        except ValueError:  # optimizer=sgd
            continue
        if not math.isfinite(number):
            return numerals.not_finite(value)
    return found


_TRAIN_OPTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_EPOCHS_BEFORE, "epochs"),  # a word before its number first: `lr=0.01 epochs=300`
    (_LR, "lr"),
    (_MOMENTUM, "momentum"),
    (_BATCH, "batch"),
    (_EPOCHS_AFTER, "epochs"),
)
_ORDER = ("epochs", "lr", "optimizer", "momentum", "batch")


def _train_arguments(text: str) -> tuple[str, ...]:
    """`train 1000 more epochs with lr 0.01` → ("epochs=1000", "lr=0.01"); numbers no word
    names are /train's positional epochs and learning rate, as `/train 500 0.1` reads them."""
    given: dict[str, str] = {}
    taken: list[tuple[int, int]] = [m.span() for m in _ONCE_MORE.finditer(text)]
    for pattern, name in _TRAIN_OPTIONS:
        for match in pattern.finditer(text):
            if _inside(match.start("n"), taken):  # that number is another option's
                continue
            if name not in given:
                given[name] = _number_text(match["n"])
            taken.append(match.span())
    if optimizer := _OPTIMIZER.search(text):
        given["optimizer"] = optimizer["name"] or "sgd"
    free = [n for n in numerals.numbers(text) if not _inside(n.start, taken)]
    for name, number in zip([n for n in ("epochs", "lr") if n not in given], free):
        given[name] = numerals.as_argument(number.value)
    return tuple(f"{name}={given[name]}" for name in _ORDER if name in given)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _number_text(text: str) -> str:
    """A number as the command's parser reads it (`0,01` → `0.01`); one that is not finite as
    it was written (`1e999`)."""
    found = numerals.numbers(text)
    if not found or not numerals.is_finite(found[0]):
        return text
    return numerals.as_argument(found[0].value)
