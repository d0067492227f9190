"""Plain sentences and what bot.features.sentences.read must read in them: the unit tests'
table, and the sentences benchmarks/sentences.py times."""

from __future__ import annotations

from bot.features.readings import Intent, Reading, Temperature, Temperatures, Unit, Unreadable


def c(*values: float) -> Temperatures:
    """Values in °C."""
    return Temperatures(tuple(Temperature(v, "C") for v in values))


def f(*values: float) -> Temperatures:
    """Values in °F."""
    return Temperatures(tuple(Temperature(v, "F") for v in values))


def mixed(*values: tuple[float, Unit]) -> Temperatures:
    return Temperatures(tuple(Temperature(v, unit) for v, unit in values))


def train(*args: str) -> Intent:
    return Intent("train", args)


def not_finite(value: str) -> Unreadable:
    return Unreadable("sentence-not-finite", (("value", value), ("max", 1_000_000)))


TOO_LONG = Unreadable("sentence-too-long", (("max", 300),))
TOO_MANY = Unreadable("sentence-too-many", (("max", 20),))
NOTHING = Unreadable()

ENGLISH: list[tuple[str, Reading]] = [
    # temperatures: units, direction, signs, decimals
    ("100", c(100)),
    ("100 degrees", c(100)),
    ("-40 is where they meet", c(-40)),
    ("36,6", c(36.6)),
    ("36.6", c(36.6)),
    ("0,5", c(0.5)),
    ("what is 37 celsius in fahrenheit?", c(37)),
    ("what is 212 F in celsius", f(212)),
    ("100 °C to fahrenheit", c(100)),
    ("what is 212 in celsius?", f(212)),
    ("212°F", f(212)),
    ("212 ℉", f(212)),
    ("100℃", c(100)),
    ("100ºC", c(100)),
    ("0, 37 and 100", c(0, 37, 100)),
    ("minus 40", c(-40)),
    ("negative 40 degrees", c(-40)),
    ("−40", c(-40)),
    ("３７", c(37)),
    ("ｗｈａｔ ｉｓ １００ ｃ", c(100)),
    ("a hundred degrees", c(100)),
    ("zero", c(0)),
    ("forty", c(40)),
    ("forty below zero", c(-40)),
    ("thirty seven point five", c(37.5)),
    ("one hundred and twelve F", f(112)),
    ("convert 98.6 fahrenheit to celsius", f(98.6)),
    ("how many fahrenheit is 30?", c(30)),
    ("how many degrees celsius is 451 F", f(451)),
    ("32, 50 and 212 °F", f(32, 50, 212)),
    ("100c and 212f", mixed((100, "C"), (212, "F"))),
    ("from fahrenheit: 32", f(32)),
    ("what's 0 in fahrenheit", c(0)),
    ("-17.8 c to f", c(-17.8)),
    ("is 37.5 a fever?", c(37.5)),
    ("100 degrees fahrenheit", f(100)),
    ("1,000 degrees", c(1000)),
    ("what is 37.5 centigrade in fahrenheit", c(37.5)),
    ("1e2", c(100)),
    ("+25", c(25)),
    ("25C in F?", c(25)),
    ("100 in fahrenheit", c(100)),
    ("212 to celsius please", f(212)),
    ("10-20", c(10, 20)),
    ("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20", c(*range(1, 21))),
    # intents, with the command's own arguments
    ("train it", train()),
    ("train", train()),
    ("Train 1000 more epochs with lr 0.01", train("epochs=1000", "lr=0.01")),
    ("train with sgd for 200 epochs", train("epochs=200", "optimizer=sgd")),
    ("train 500 0.1", train("epochs=500", "lr=0.1")),
    ("train with rmsprop, learning rate 0,05", train("lr=0.05", "optimizer=rmsprop")),
    ("train one thousand epochs", train("epochs=1000")),
    ("train 1,000 epochs", train("epochs=1000")),
    ("keep training", train()),
    ("train it one more time", train()),
    ("train with sgd momentum 0.9 batch size 2", train("optimizer=sgd", "momentum=0.9", "batch=2")),
    ("1000 more epochs", train("epochs=1000")),
    ("show me the weights", Intent("weights")),
    ("what did it learn", Intent("weights")),
    ("what is the bias?", Intent("weights")),
    ("loss curve", Intent("plot")),
    ("plot the loss", Intent("plot")),
    ("show the fit", Intent("fit")),
    ("how well does it fit", Intent("fit")),
    ("why not 212?", Intent("why")),
    ("why 211", Intent("why")),
    ("one step", Intent("step")),
    ("step 10", Intent("step", ("10",))),
    ("take 5 steps", Intent("step", ("5",))),
    ("reset", Intent("reset")),
    ("start over", Intent("reset")),
    ("help", Intent("help")),
    ("what can you do?", Intent("help")),
    ("speak English", Intent("lang", ("en",))),
    ("switch from English to Chinese", Intent("lang", ("zh",))),
    ("learning rate 0.001", Intent("lr", ("0.001",))),
    ("what is the learning rate", Intent("lr")),
    # what it cannot read, and why
    ("hello", NOTHING),
    ("what is love", NOTHING),
    ("😀", NOTHING),
    ("🌡️🔥", NOTHING),
    ("", NOTHING),
    ("which one is it?", NOTHING),
    ("I don't speak chinese", NOTHING),
    ("1e309", not_finite("1e309")),
    ("NaN", not_finite("nan")),
    ("inf degrees", not_finite("inf")),
    ("-inf", not_finite("inf")),
    ("what is infinity in fahrenheit", not_finite("infinity")),
    ("train with lr 1e999", not_finite("1e999")),
    ("9" * 4000, TOO_LONG),
    ("x" * 301, TOO_LONG),
    (" ".join(str(n) for n in range(21)), TOO_MANY),
]

CHINESE: list[tuple[str, Reading]] = [
    # temperatures
    ("一百", c(100)),
    ("三十七点五", c(37.5)),
    ("两百一十二华氏度", f(212)),
    ("零下十度", c(-10)),
    ("零下四十", c(-40)),
    ("负四十", c(-40)),
    ("负40度", c(-40)),
    ("华氏212度是多少摄氏度", f(212)),
    ("100摄氏度是多少华氏度？", c(100)),
    ("100度是多少华氏度", c(100)),
    ("212华氏度等于多少摄氏度", f(212)),
    ("华氏98.6度换算成摄氏度", f(98.6)),
    ("212F是多少摄氏度", f(212)),
    ("摄氏37度", c(37)),
    ("37℃", c(37)),
    ("３７度", c(37)),
    ("36,6度", c(36.6)),
    ("三十七度五", c(37.5)),
    ("体温三十七度五算发烧吗", c(37.5)),
    ("0，37和100", c(0, 37, 100)),
    ("0、37、100摄氏度", c(0, 37, 100)),
    ("华氏32、212", f(32, 212)),
    ("一百度", c(100)),
    ("二百一十二华氏度是多少摄氏度", f(212)),
    ("一千", c(1000)),
    ("零度", c(0)),
    ("〇", c(0)),
    ("两度", c(2)),
    ("十度是多少华氏度", c(10)),
    ("水在一百摄氏度沸腾", c(100)),
    ("212是多少摄氏度", f(212)),
    ("37是多少华氏度", c(37)),
    ("华氏度212等于摄氏多少度", f(212)),
    ("把100摄氏度转成华氏度", c(100)),
    ("一百二十", c(120)),
    ("负三十七点五", c(-37.5)),
    ("零下三十七点五度", c(-37.5)),
    ("一百和二百", c(100, 200)),
    # intents
    ("训练一下", train()),
    ("训练", train()),
    ("用 sgd 训练 200 轮", train("epochs=200", "optimizer=sgd")),
    ("再训练1000轮，学习率0.01", train("epochs=1000", "lr=0.01")),
    ("训练一千轮", train("epochs=1000")),
    ("用adam训练500次", train("epochs=500", "optimizer=adam")),
    ("再训练一次", train()),
    ("训练三百轮，学习率零点一", train("epochs=300", "lr=0.1")),
    ("用随机梯度下降训练，动量0.9", train("optimizer=sgd", "momentum=0.9")),
    ("批量大小2，训练100轮", train("epochs=100", "batch=2")),
    ("再来500轮", train("epochs=500")),
    ("权重", Intent("weights")),
    ("看看权重", Intent("weights")),
    ("它学到了什么", Intent("weights")),
    ("偏置是多少", Intent("weights")),
    ("损失曲线", Intent("plot")),
    ("画出损失", Intent("plot")),
    ("拟合", Intent("fit")),
    ("看看拟合得怎么样", Intent("fit")),
    ("为什么是 211？", Intent("why")),
    ("为什么不是212", Intent("why")),
    ("为啥不是212", Intent("why")),
    ("走一步", Intent("step")),
    ("走10步", Intent("step", ("10",))),
    ("单步", Intent("step")),
    ("重置", Intent("reset")),
    ("重新开始", Intent("reset")),
    ("帮助", Intent("help")),
    ("你能做什么", Intent("help")),
    ("怎么用", Intent("help")),
    ("说中文", Intent("lang", ("zh",))),
    ("用英语", Intent("lang", ("en",))),
    ("说英文", Intent("lang", ("en",))),
    ("从英文切换到中文", Intent("lang", ("zh",))),
    ("学习率0.001", Intent("lr", ("0.001",))),
    ("学习率是多少", Intent("lr")),
    # what it cannot read
    ("你好", NOTHING),
    ("今天天气不错", NOTHING),
    ("我爱你", NOTHING),
    ("第一", NOTHING),
    ("不说中文", NOTHING),
    ("无穷大", not_finite("无穷")),
    ("零下无穷", not_finite("无穷")),
    ("１" * 301, TOO_LONG),
    ("、".join(str(n) for n in range(21)), TOO_MANY),
]

SENTENCES: list[tuple[str, Reading]] = ENGLISH + CHINESE
