# c2f-bot — 简体中文词条（Simplified Chinese catalogue）。
#
# 与 en.ftl 的键（message id）、顺序和占位符完全相同；以 en.ftl 为准。占位符由机器人填入，
# 数字已经格式化好。中文没有复数形式，所以不用按数字的选择表达式。多行消息的续行缩进。
# Same keys and placeholders as en.ftl (tests/unit/test_catalogues.py checks it).

## /start 和 /help

intro =
    🌡 我是一个正在学习摄氏度 → 华氏度换算的神经网络，这是深度学习的经典入门第一课。
    一个 Keras Dense 层（一个权重、一个偏置）只看 { $examples } 个例子，就要自己找出 f = 1.8·c + 32。
    你可以训练它、让它换算温度，并观察它的权重和损失曲线。
command-line = /{ $name } — { $description }
start-try = 先试试 /convert 100，再发 /train，然后看 /weights。/help 列出全部命令。
help-group =
    🌡 这里有一个 Keras Dense 层在学习摄氏度 → 华氏度；本群有自己的模型。
    试试 /convert 100、/train、/weights 和 /fit；全班一起：/challenge、/quiz、/tune、/race。
    全部命令和示例在与我的私聊里：点下面的按钮。
button-full-help = 📖 全部命令

## 第一课和 /help
# --- lesson: the first lesson (/start in a private chat, /lesson) and the /help overview

lesson-heading = 🌡 第一课 · 第 { $step } 步（共 { $steps } 步）：{ $title }
lesson-title-ask = 问问它
lesson-title-train = 训练它（{ $epochs } 轮）
lesson-title-inside = 看看里面
lesson-title-loss = 损失在下降
lesson-title-why = 为什么不正好是 { $formula }？
lesson-ask-intro = 我是一个神经网络，{ $network }。我从 { $count } 个例子（{ $points }）里学习摄氏度 → 华氏度，和 Notebook 里一样。
lesson-network-dense = 只有一个 Keras Dense 层：一个权重加一个偏置
lesson-network = { $architecture }，共 { $count } 个参数
lesson-ask-answer = { $celsius } °C 是多少华氏度？我说 { $model } °F。公式 f = 1.8·c + 32 给出 { $formula }（我差了 { $error }）。
lesson-ask-shared = 现在回答的是共享模型，它为所有人训练过一次：这个聊天开始训练之前，还没有自己的模型。
lesson-ask-own = 这是这个聊天自己的模型，目前已训练 { $epochs } 轮：下一步会从现在的权重接着再训练 { $more } 轮（想从头看它学习，先发 /reset）。
lesson-ask-untrained = 这个聊天的模型有自己的初始权重，但还没训练过：下一步就来训练它们。
lesson-ask-differs = 这个聊天的设置和课程不同（{ $what }）：课程照样读出它的数字；/reset 可以恢复课程的设置。
lesson-differs-data = 自己的 { $count } 个例子
lesson-differs-layers = 网络 { $architecture }
lesson-differs-training = { $optimizer }，学习率 { $lr }
lesson-ask-try = 随时可以自己问它：/convert 37，或者一次问几个：/convert -40 0 100。
lesson-train-intro = 就是 Notebook 里的 model.fit(…, epochs={ $epochs })，用在这个聊天的模型上：每一轮都让它看一遍所有例子，再让权重和偏置向下坡走一步。
lesson-inside-dense = 整个模型就是两个数：权重 { $weight } 和偏置 { $bias }，它计算的是 f = { $weight }·c + { $bias }。
lesson-inside-line = { $architecture } 有 { $count } 个参数；乘开以后还是一条直线：f = { $weight }·c + { $bias }。
lesson-inside-curve = { $architecture } 用它的 { $count } 个参数把直线弯曲了（relu 或 tanh），所以没有哪一个权重代表“每摄氏度多少华氏度”：/fit 可以看到这条曲线。
lesson-inside-formula = 公式是 f = { $slope }·c + { $intercept }：权重和 { $slope }（每摄氏度对应的华氏度）差 { $dw }，偏置和 { $intercept }（0 °C 时的华氏度）差 { $db }。
lesson-inside-learned = 没有人给过它这些数：是训练只用这些例子，把随机的权重和偏置一步步移到了这里。
lesson-inside-try = 自己看每个数：/weights。直线和例子放在一起看：/fit。
lesson-loss-none = 这里回答问题的模型还没有可看的训练记录：先训练它吧。
lesson-loss-what = 损失就是均方误差：对 { $count } 个例子求（模型的华氏度 − 例子的华氏度）² 的平均值。
lesson-loss-went = 在上一次训练的 { $epochs } 轮里，它从 { $first } 变成了 { $last }：
lesson-loss-at = 第 { $epoch } 轮：{ $loss }
lesson-loss-end = 第 { $epoch } 轮之后：{ $loss }
lesson-loss-factor = 也就是缩小到原来的 { $factor } 分之一。
lesson-loss-typical = √{ $loss } ≈ { $error } °F：这大约是它现在在这些例子上通常会差多少。
lesson-loss-try = 看曲线：/plot。一轮一轮看直线怎么移动：/animate。
lesson-why-intro = 在 { $celsius } °C，模型说 { $model } °F，公式说 { $formula }。为什么不是正好相等？
lesson-end = 第一课到这里就结束了。/step 带你近距离看一轮训练；/help 列出其他所有命令。
lesson-back = 👋 回来继续第一课吧：你上次学到第 { $step } 步（共 { $steps } 步）：{ $title }
lesson-back-done = 你已经学完了：/help 看看还能做什么。
lesson-group = 第一课是在私聊里和我一问一答进行的，你会有一个自己的模型：点下面的按钮。
usage-lesson_usage = 用法：/lesson，或 /lesson 1 到 /lesson { $steps } 查看第一课的某一步。
cmd-lesson = 第一课，一步一步来：/lesson、/lesson 3
button-lesson-next = ▶ { $step }. { $title }
button-lesson-again = ↺ 从头再来
button-lesson-help = 📖 还能做什么？/help
button-lesson-open = 🌡 打开第一课
help-heading = 一共四部分；点一下就能看到那部分的命令，每条都有示例：
help-line = { $title } — { $summary }：{ $commands }
help-tap = 第一次来？/start 会一步一步带你上完这一课。
help-title-lesson = 📚 这一课
help-title-learn = 📈 看它怎么学
help-title-class = 🎓 课堂
help-title-teach = 🧑‍🏫 老师
help-title-teach-operators = 🧑‍🏫 老师和运维
help-summary-lesson = 问问它、训练它、看看里面
help-summary-learn = 近距离看梯度下降
help-summary-class = 在群里和全班一起的游戏
help-summary-teach = 课堂计划、作业、锁定群
help-page-heading = { $title }：
button-help-menu = ◀ 全部

## 命令菜单（/help 也会列出）：每条最多 256 个字符

cmd-start = 第一课，一步一步来：问问它、训练它、看看里面
cmd-help = 分成四部分的全部命令，每条都有示例
cmd-convert = 用模型把摄氏度换算成华氏度：/convert 100 或 /convert -40 36.6
cmd-train = 训练这里的模型：/train、/train 1000 0.05、/train optimizer=sgd lr=0.001、/train optimizer=sgd momentum=0.9 lr=0.003、/train epochs=10 batch=1
cmd-stop = 停止这个聊天正在进行的训练
cmd-weights = 模型学到的权重
cmd-plot = 上一次训练的损失曲线
cmd-fit = 训练数据、模型的直线和公式的直线
cmd-data = 训练数据：/data、/data add 100 212、/data remove 100、/data reset
cmd-layers = 隐藏层：/layers 4 4、/layers 8 relu、/layers none
cmd-reset = 让这个聊天恢复为共享模型和课程的原始数据
cmd-export = 把这里的模型导出为 .keras 文件
cmd-step = 近距离看梯度下降：/step 或 /step 10，每个数字都有解释
cmd-animate = 上一次训练的动画：看直线一步步找到位置
cmd-why = 用这里的数字解释：为什么模型说 211 而不是 212
cmd-normalize = 在网络前面加上 Keras 的 Normalization 层：/normalize on、/normalize off
cmd-landscape = 梯度下降走过的山谷：损失随权重和偏置的变化，以及上次训练走过的路径；/landscape compare：四种优化器的路径
cmd-race = 学习率比赛：用全新的模型副本比较，/race、/race 0.01 0.1 1、/race optimizer、/race batch 1 2 7
cmd-lr = 下一次训练的学习率：/lr、/lr 0.01、/lr x10
cmd-lang = 语言：/lang zh（中文）、/lang en（English）、/lang auto（自动）
cmd-challenge = 猜猜模型的答案：/challenge、/challenge 100 30s，然后 /guess 211
cmd-guess = 在当前挑战中提交你的猜测：/guess 211.5
cmd-reveal = 立即结束挑战，看看谁最接近
cmd-quiz = 关于本课和这个聊天模型的测验投票
cmd-score = 积分榜；群管理员可用 /score reset 清零
cmd-tune = 你来当优化器：亲手移动这条直线
cmd-preset = 把这里的设置分享为链接：/preset、/preset epochs=300
cmd-teach = 给老师的 20 分钟课堂计划，一步一步来：/teach、/teach 3
cmd-assign = 由我自动批改的作业：/assign、/assign sgd 3d（群管理员；私聊里布置给自己）
cmd-report = 全班的作业和积分，附 CSV 表格（群管理员）
cmd-followup = 每份作业布置后第 1 天和第 7 天的复习测验：/followup on|off（群管理员）
cmd-lock = 群管理员：只允许管理员修改模型
cmd-unlock = 群管理员：重新允许所有人修改模型
cmd-forget = 永久删除这个聊天保存的数据（群管理员；会先确认）
cmd-retrain = 运维：重新训练共享的默认模型，如 /retrain 500 0.1
cmd-stats = 运维：会话、训练次数、运行时间、内存

## 机器人简介：用户发第一条消息之前 Telegram 显示的内容

bot-description =
    我是一个小小的神经网络。看我从 7 个例子中学会摄氏度 → 华氏度换算——这是深度学习的经典入门第一课。点“开始”，然后发送 /train 和 /convert 100。
bot-short-description = 一个神经网络在你的聊天里学习摄氏度 → 华氏度：训练它、考考它、看它一步步学会。

## 命令参数不对

usage-not_a_number = “{ $word }”不是数字。请写成 100、-40、36.6 或 1e2 这样的数字。
usage-not_whole = { $name } 必须是整数，不能是“{ $word }”。
usage-convert_usage = 请给出一个或多个摄氏温度，最多 { $max } 个：/convert 100 -40 36.6
usage-train_usage =
    用法：/train [轮数] [学习率]，例如 /train 500 0.1；也可以用选项 epochs=1..{ $max_epochs } lr=0..1 optimizer=adam|sgd|rmsprop momentum=0..0.99 nesterov=yes|no batch=N seed=N
usage-yes_or_no = { $name } 只能是 yes 或 no，不能是“{ $word }”。
usage-unknown_option = 未知选项“{ $word }”。可用的选项：{ $options }（例如 /train epochs=300 lr=0.05）。
usage-repeated_option = { $name } 被指定了两次。
usage-missing_value = { $name }= 后面需要一个值，例如 { $name }=100。
usage-data_usage =
    用法：/data、/data add <°C> <°F>、/data remove <°C>、/data reset（最多 { $max_points } 个数据点，数值在 ±{ $max_value } 以内）。
usage-layers_usage =
    用法：/layers [各层神经元数 ...] [linear|relu|tanh]：最多 { $max_layers } 个隐藏层，每层 1..{ $max_units } 个神经元，例如 /layers 4 4 或 /layers none。
usage-unknown_activation = 未知的激活函数“{ $word }”。可选：{ $choices }。
usage-no_arguments = 这个命令不需要参数。
usage-race_usage = 用法：/race [学习率 ...] [epochs=N]（2 到 6 个学习率）、/race optimizer [学习率] [epochs=N]，或 /race batch [批大小 ...] [epochs=N]，例如 /race batch 1 2 7。
usage-forget_usage = 用法：/forget，然后按下按钮（或 /forget yes）。
usage-challenge_usage = 用法：/challenge、/challenge 100 或 /challenge 100 30s（10 到 600 秒）。
usage-guess_usage = 用法：/guess 212，或用一个华氏度数字回复挑战消息。
usage-preset_usage = 用法：/preset，或 /preset epochs=300 设定它的 /train 训练轮数。
usage-teach_usage = 用法：/teach，或 /teach 1 到 /teach { $steps } 查看计划中的某一步。
usage-score_usage = 用法：/score；群管理员：/score reset、/score admins on|off。
usage-tune_usage = 用法：/tune 开始一局游戏，之后用按钮操作。
usage-lr_usage = 用法：/lr、/lr 0.01、/lr x10 或 /lr x0.1（0 < 学习率 ≤ 1）。
usage-step_usage = 用法：/step 或 /step 10（1 到 50 轮）。
usage-lang_usage = 未知的语言“{ $word }”。请选择 /lang zh（中文）、/lang en（English）或 /lang auto。

## 模型无法执行的请求

error-epochs_range = 轮数必须是 1 到 { $max } 之间的整数。
error-lr_range = 学习率必须是 { $min } 到 { $max } 之间的数。
error-race_size = 一场比赛要有 { $min } 到 { $max } 个不同的选手，例如 /race 0.001 0.01 0.1 1。
error-step_range = /step 一次可以跑 1 到 { $max } 轮，例如 /step 或 /step 10。
error-unknown_optimizer = 未知的优化器“{ $name }”。可选：{ $choices }。
error-momentum_range = 动量是 0 到 0.99 之间的数，最多两位小数，例如 /train optimizer=sgd momentum=0.9。
error-momentum_sgd_only = 这里的动量是 SGD 的（{ $optimizer } 有它自己的滑动平均）：/train optimizer=sgd momentum=0.9。
error-nesterov_needs_momentum = Nesterov 动量需要大于 0 的动量：/train optimizer=sgd momentum=0.9 nesterov=yes。
error-batch_range = 一个小批量含 1 到 { $max } 个样本（全部样本即每轮更新一次），例如 /train epochs=10 batch=1。
error-unknown_activation = 未知的激活函数“{ $name }”。可选：{ $choices }。
error-too_many_layers = 最多只能有 { $max } 个隐藏层。
error-units_range = 每个隐藏层的神经元数必须在 1 到 { $max } 之间。
error-seed_range = 随机种子必须是 0 到 { $max } 之间的整数。
error-value_range = 数值必须是 -{ $max } 到 { $max } 之间的有限数。
error-dataset_full = 数据集已满：最多 { $max } 个数据点。
error-dataset_too_small = 训练至少需要 { $min } 个数据点，而数据集只有 { $count } 个。
error-duplicate_point = 数据集里已经有 { $celsius } °C 这个数据点了。
error-no_such_point = 数据集里没有 { $celsius } °C 这个数据点。
error-too_many_values = 一次最多 { $max } 个值。
error-no_values = 请至少给出一个值。
error-not_finite = 模型算出的结果不是有限数。请用 /train 重新训练，或用 /reset 重置。
error-not_ready = 共享模型还没训练好，请稍后再试。
error-overloaded = 机器人正忙着为许多聊天训练模型，请一分钟后再试。
error-shutting_down = 机器人正在重启，这次训练被中断了，什么都没有改变。请一分钟后重新发送命令。
error-drawing_busy = 这个聊天已经有 { $max } 个图正在画：请等它们发出来以后再试。
error-busy = 这个聊天已经有一个训练在进行。请等它结束，或先停止它。
error-diverged =
    训练在第 { $epoch } 轮发散了：损失变成了{ $loss ->
        [nan] 非数值（NaN）
       *[inf] 无穷大
    }。模型保留原来的权重。请试试更小的学习率（例如 lr={ $suggested_lr }）或 optimizer=adam。

## 简短回复

unknown-command = 我不认识这个命令。发送 /help 看看我能做什么。
warming-up = 正在预热：重启后模型（TensorFlow）还在加载。加载完成后会立即执行你的命令。
# A group upgraded to a supergroup moved everything it had (bot/telegram/migration.py).
chat-migrated = 这个群组已经变成超大群组：它的模型、数据和锁定，以及课堂的分数、挑战和游戏都一起保留了下来。
internal-error = 抱歉，我这边出了点问题，请再试一次。

# A change that could not be stored was not made (storage/errors.py).
storage-full = 无法保存：机器人用来保存数据的位置已经写满，所以什么都没有改变。机器人的运维者会在运行记录里看到。
storage-gone = 现在无法保存更改：机器人运行时它的数据目录被删除了，所以什么都没有改变。需要运维者恢复数据并重启机器人。
storage-failed = 无法保存（机器人保存数据时出了问题），所以什么都没有改变。请稍后再试。
storage-unreachable = 现在连不上机器人保存数据的地方，所以什么都没有做。请过几分钟再试；机器人的运维者会在运行记录里看到。
locked = 🔒 /{ $command } 会修改本群的模型，而本群已锁定：只有管理员能这样做。/convert、/plot 等查看类命令仍可使用。
admins-only = 只有本群管理员可以使用 /{ $command }。
operators-only = 只有机器人的运维人员可以使用 /{ $command }。
lock-private = 锁定功能只用于群聊；在私聊里，本来就只有你自己能修改你的模型。
locked-now = 🔒 已锁定：现在只有管理员能训练或修改这里的模型。
unlocked-now = 🔓 已解锁：所有人都能训练和修改这里的模型。
stopping = 正在停止训练…
nothing-to-stop = 这个聊天没有正在进行的训练。
reset-done = 这个聊天已恢复为课程的原始数据和共享模型。
shared-note = （这是共享模型的回答：发送 /train 训练这个聊天自己的模型。）
export-caption = 在 Keras 中打开：model = keras.models.load_model('c2f.keras'); model.predict(np.array([[100.0]]))
no-history = 这个聊天还没有训练过：发送 /train，就能看到它的损失曲线。

## Plain sentences: what can't be read
# --- grammar (issue 37): bot/features/sentences.py names the problem, these texts say it

sentence-too-long = 这条消息太长了，我读不了：最多 { $max } 个字符。只发温度就好，比如 100 或 212 °F。
sentence-not-finite = “{ $value }”不是有限的数。温度要在 -{ $max } 到 { $max } 之间，比如 100 或 -40。
sentence-too-many = 一次要换算的温度太多了：最多 { $max } 个。请分几次发送。

## /lang

lang-current-chosen = 这个聊天使用中文（通过 /lang 选择）。
lang-current-auto = 这个聊天使用中文：跟随你的 Telegram 应用语言。
lang-how = /lang zh — 中文；/lang en — English；/lang auto — 跟随每个人的 Telegram 应用语言。
lang-set = 从现在起，这个聊天使用中文。
lang-set-auto = 这个聊天现在跟随每个人的 Telegram 应用语言。

## /convert

conversion-line = { $celsius } °C → { $model } °F（公式：{ $formula }，误差：{ $error }）

## /normalize

normalize-on = 已开启归一化：{ $layers }。Keras 的 Normalization 层已按这里的 °C 适配（均值 { $mean }，σ { $sigma }），在 Dense 层看到它们之前把它们缩放到均值 0、标准差 1。权重重新开始：先 /train，然后 /landscape 会显示一个圆的山谷。
normalize-off = 已关闭归一化：{ $layers } 又直接看原始的 °C。权重重新开始：/train。
normalize-state-on = 这里的网络是 { $layers }：Normalization 层按这里的 °C 适配（均值 { $mean }，σ { $sigma }），并随 /data 更新。/normalize off 可以去掉它。
normalize-state-off = 这里的网络是 { $layers }：它直接看原始的 °C。/normalize on 会在前面加上 Keras 的 Normalization 层。
usage-normalize_usage = 用法：/normalize（查看这里的设置）、/normalize on 或 /normalize off。

## 训练

trained-head = 训练了 { $epochs } 轮（{ $optimizer }，学习率 { $lr }）。
stopped-head = 已停止：{ $epochs } 轮中完成了 { $done } 轮（{ $optimizer }，学习率 { $lr }）。
updates-line = { $epochs } 轮 × 每轮 { $batches } 个小批量（每批 { $size } 个样本）= { $updates } 次更新（每轮重新打乱样本）
run-details = 随机种子 { $seed } · 用时 { $ms } 毫秒
loss-change = 损失：{ $first } → { $last }
weight-and-bias = 权重 { $weight }（公式：1.8），偏置 { $bias }（公式：32）
parameters = { $architecture }：{ $count } 个参数（/weights）
f100 = 100 °C → { $f100 } °F（公式：212）
retrained-shared = 共享的默认模型已重新训练。
stopped-before-start = 训练在第一轮开始前就停止了，模型没有变化。
progress = 训练中… 已完成 { $done }/{ $total } 轮（{ $percent }%）。发送 /stop 停止。
progress-starting = 训练中… 发送 /stop 停止。
progress-done = 训练结束：{ $total } 轮中完成了 { $done } 轮。
progress-interrupted = 训练中断了：机器人在训练完成之前重新启动，这次训练的结果没有保留。请再发送一次命令。

## /weights

weights-heading = { $architecture } — { $count } 个参数
weights-kernel = 权重（kernel）：{ $weight }——对应公式里的 1.8：温度每升高 1 °C，°F 就增加这么多。
weights-bias = 偏置：{ $bias }——对应公式里的 32：0 °C 时的 °F 值。
weights-line = 模型计算的是 f = { $weight }·c + { $bias }。
weights-normalized-kernel = 权重（kernel）：{ $weight } —— 每个 °C 标准差对应的 °F：前面的 Normalization 层把 °C 除以 σ = { $sigma }。
weights-normalized-bias = 偏置：{ $bias } —— 平均温度（{ $mean } °C）处的 °F，那里归一化后的 °C 为 0。
weights-normalized-line = 模型计算的是 f = { $weight }·(c − { $mean }) ÷ { $sigma } + { $bias }，换成 °C 就是 f = { $slope }·c + { $intercept }（公式：1.8·c + 32）。
weights-layer = 第 { $index } 层（{ $rows }×{ $columns }）：权重 [{ $kernel }]，偏置 [{ $bias }]
weights-linear-note = 激活函数为 linear 时，几层相乘后仍然只是一条直线；换成 relu 或 tanh，才能让它弯曲。

## /data

data-empty = 没有训练数据点。
data-empty-hint = （可以用 /data add 100 212 添加，或用 /data reset 恢复）
data-heading-formula = { $count } 个训练数据点（°C → °F，括号里是公式值）：
data-heading = { $count } 个训练数据点（°C → °F）：
data-added = 已添加 { $celsius } °C → { $fahrenheit } °F。
data-removed = 已删除 { $celsius } °C 这个数据点。
data-reset = 已恢复为课程的 { $count } 个数据点。

## /layers

layers-changed = 现在的网络层：{ $architecture }。这里的权重已重置；发送 /train 训练新的网络。
layers-current =
    网络层：{ $architecture }。
    可以用 /layers 4 4、/layers 8 relu 或 /layers none 修改。

## 图片说明

loss-caption = 训练 { $epochs } 轮的损失：{ $first } → { $last }
fit-caption = 蓝色：训练数据。橙色：模型。绿色虚线：f = 1.8·c + 32。

## 图片里的标签

plot-loss-title = 训练损失
plot-epoch = 轮次 (Epoch)
plot-loss = 损失（均方误差）
plot-fit-title = 模型学到了什么
plot-celsius = 摄氏度 (°C)
plot-fahrenheit = 华氏度 (°F)
plot-model = 模型
plot-tune-title = 你们的直线：把它移到数据点上
plot-tune-line = 你们的直线
plot-formula = 公式：f = 1.8·c + 32
plot-data = 训练数据
plot-race-title = 学习率比赛
plot-landscape-title = 损失随权重和偏置的变化
plot-weight = 权重（每 °C 对应的 °F）
plot-bias = 偏置 (°F)
plot-weight-normalized = 权重（每个 °C 标准差对应的 °F，在 Normalization 之后）
plot-bias-normalized = 偏置（平均 °C 处的 °F）
plot-minimum = 最佳直线（损失最低）
plot-start = 起点
plot-end = 终点

# --- inline: inline mode, `@bot 100` in any chat (bot/features/inline.py) ---

## 内联模式

inline-title = { $celsius } °C → { $model } °F
inline-description-shared = 公式：{ $formula } °F，误差 { $error } · 共享模型
inline-description-own = 公式：{ $formula } °F，误差 { $error } · 你自己的模型
inline-message-shared = 🌡 { $celsius } °C → { $model } °F：这是一个小小的神经网络从例子里学到的（按公式是 { $formula } °F）。
inline-message-own = 🌡 { $celsius } °C → { $model } °F：这是我自己训练的神经网络从例子里学到的（按公式是 { $formula } °F）。
inline-title-f = { $fahrenheit } °F → { $model } °C
inline-title-f-none = { $fahrenheit } °F → 没有哪个 °C 能得到它
inline-several = 曲线与它相交 { $count } 次
inline-description-f-shared = 公式：{ $formula } °C · 共享模型，反推得出
inline-description-f-own = 公式：{ $formula } °C · 你自己的模型，反推得出
inline-message-f-shared = 🌡 { $fahrenheit } °F → { $model } °C：由一个小小的神经网络反推得出，它只从例子里学了 °C → °F 这一个方向（按公式是 { $formula } °C）。
inline-message-f-own = 🌡 { $fahrenheit } °F → { $model } °C：由我自己训练的神经网络反推得出，它只从例子里学了 °C → °F 这一个方向（按公式是 { $formula } °C）。
inline-message-f-none-shared = 🌡 { $fahrenheit } °F：一个只从例子里学了 °C → °F 的小小神经网络，无论哪个 °C 都得不到它（按公式是 { $formula } °C）。
inline-message-f-none-own = 🌡 { $fahrenheit } °F：我自己训练的神经网络只学了 °C → °F，无论哪个 °C 都得不到它（按公式是 { $formula } °C）。
inline-button-train = 训练你自己的模型
inline-button-own = 继续训练你的模型
inline-button-hint = 输入一个温度，比如 100 或 212F
inline-button-too-many = 一次最多 { $max } 个温度

## /stats（运维）

stats =
    会话：{ $sessions }（已训练 { $trained } 个）
    训练次数：{ $trainings }（正在进行 { $running } 次）
    运行时间：{ $hours } 小时 { $minutes } 分钟
    内存（RSS）：{ $memory } MB
stats-workers = 进程：共享的 PostgreSQL 上运行着 { $workers } 个（运行时间和内存只是这一个的）

## /step

step-head = 梯度下降 { $epochs } 轮（{ $optimizer }，学习率 { $lr }）：损失 { $before } → { $after }
step-fresh = 这个聊天还没有自己的权重，所以像第一次 /train 一样从新的初始权重开始。
step-epoch = 第 { $epoch } 轮：损失 { $before } → { $after }
step-weight = 权重：{ $before } → { $after }（梯度 { $gradient }，更新量 { $update }）
step-bias = 偏置：{ $before } → { $after }（梯度 { $gradient }，更新量 { $update }）
step-too-low = 预测值平均偏低（低了 { $error } °F），所以偏置的梯度为负，偏置增加了 { $change }。
step-too-high = 预测值平均偏高（高了 { $error } °F），所以偏置的梯度为正，偏置减少了 { $change }。
step-against-low = 预测值平均偏低（低了 { $error } °F），但偏置反而减少了 { $change }：前几轮积累的动量还在推着它走。
step-against-high = 预测值平均偏高（高了 { $error } °F），但偏置反而增加了 { $change }：前几轮积累的动量还在推着它走。
step-adam = Adam 的步长来自梯度的滑动平均，而不是这一轮的原始梯度：偏置变化了 { $update }，而普通梯度下降（−学习率 × 梯度）会让它变化 { $plain }。
step-rmsprop = RMSprop 把每一步除以最近梯度大小的滑动平均：偏置变化了 { $update }，而普通梯度下降（−学习率 × 梯度）会让它变化 { $plain }。
step-sgd = 普通梯度下降：每次更新量都是 −学习率 × 梯度（这里 −{ $lr } × { $gradient } = { $update }）。
step-momentum = 带动量 { $momentum } 的 SGD：偏置的速度 = { $momentum } × 上一次的速度（{ $previous }）− 学习率 × 梯度（{ $lr } × { $gradient }）= { $velocity }，偏置按这个速度移动（{ $update }）；普通梯度下降只会移动 { $plain }。
step-nesterov = Nesterov 动量 { $momentum }：偏置的速度 = { $momentum } × { $previous } − 学习率 × 梯度 = { $velocity }，偏置移动 { $momentum } × 这个速度 − 学习率 × 梯度（{ $update }），即沿速度方向先看一步；普通梯度下降只会移动 { $plain }。
step-between = 第 { $first }–{ $last } 轮：损失 { $before } → { $after }
step-between-line = 第 { $first }–{ $last } 轮：损失 { $before } → { $after }；权重共变化 { $weight }，偏置共变化 { $bias }
step-between-one = 第 { $first } 轮：损失 { $before } → { $after }
step-between-line-one = 第 { $first } 轮：损失 { $before } → { $after }；权重变化 { $weight }，偏置变化 { $bias }
step-layer = 第 { $index } 层（{ $rows }×{ $columns }）：梯度大小 { $gradient }，更新大小 { $update }，最大变化 { $largest }
step-more = 接下来：/step、/step 10 或 /train 500。

## /lr

lr-current = 学习率 { $lr }（{ $optimizer }）：这个聊天下一次 /train 和 /step 都用它。用 /lr 0.01、/lr x10 或 /lr x0.1 修改。
lr-set = 学习率现在是 { $lr }（原来是 { $old }）：这个聊天下一次 /train 和 /step 都用它。

## /animate

animate-caption = 模型的直线在每一轮之后的位置（{ $epochs } 轮中取 { $frames } 帧）、公式的虚线，以及到那一轮为止的损失。
animate-fresh = （这是这里的网络从课程起点重新训练 500 轮的过程：先 /train，再 /animate，就能看到这里自己的训练。）
animate-counter = 第 { $epoch } 轮 / 共 { $total } 轮

## /why

why-rounded = 课程里的华氏度标签是四舍五入过的（{ $examples }），所以没有一条直线能穿过所有点。穿过这些点的最佳直线（最小二乘）是 f = { $slope }·c + { $intercept }，而不是 1.8·c + 32：它在 100 °C 时给出 { $f100 } °F。
why-data = 穿过这里这些数据点的最佳直线（最小二乘）是 f = { $slope }·c + { $intercept }：它在 100 °C 时给出 { $f100 } °F。
why-too-few = 不同的温度少于两个时，不存在唯一的最佳直线：用 /data add 100 212 添加，或用 /data reset 恢复。
why-model = 这里的模型计算的是 f = { $weight }·c + { $bias }，权重离最佳值差 { $dw }，偏置差 { $db }：100 °C → { $model100 } °F。
why-model-curve = 这里的模型把直线弯曲了（relu 或 tanh 层）：100 °C → { $model100 } °F。
why-training = 继续训练只会让模型更接近那条直线，而不会越过它：即使完美拟合这些点，100 °C 时的答案也是 { $f100 }，而不是 212。只有精确的数据（/data）才会得到 212。
why-training-curve = 它的隐藏层让直线弯曲，所以训练可以让损失低于最佳直线的 { $best }，答案也可以偏离那条直线：在例子之外，弯曲可能落在任何地方。
why-sgd-stable = 在这组数据上，普通梯度下降（sgd）只有在学习率低于 { $max_lr } 时才稳定（2 ÷ 损失函数 Hessian 矩阵的最大特征值）；这里的学习率 { $lr } 低于这个值。Adam 会把每轮的步长自己缩放到大约一个学习率，所以远高于这个上限的学习率它也能应付。
why-momentum-stable = 加上动量 { $momentum }（这里用的 sgd）后，上限提高到 2 × (1 + { $momentum }) ÷ 最大特征值 = { $limit }：速度把横穿山谷的来回摆动平均掉了。这里的学习率 { $lr } 低于这个值。
why-momentum-unstable = 加上动量 { $momentum }（这里用的 sgd）后，上限提高到 2 × (1 + { $momentum }) ÷ 最大特征值 = { $limit }，而这里的学习率 { $lr } 高于它：同样会发散。
why-nesterov-stable = Nesterov 动量 { $momentum }（这里用的 sgd）先向前看一步再走，这使上限降到 2 × (1 + { $momentum }) ÷ ((1 + 2 × { $momentum }) × 最大特征值) = { $limit }。这里的学习率 { $lr } 低于这个值。
why-nesterov-unstable = Nesterov 动量 { $momentum }（这里用的 sgd）先向前看一步再走，这使上限降到 2 × (1 + { $momentum }) ÷ ((1 + 2 × { $momentum }) × 最大特征值) = { $limit }，而这里的学习率 { $lr } 高于它：会发散。
why-updates = { $epochs } 轮就是 { $epochs } 次更新，而不是 { $epochs } × { $examples } = { $product } 次：Keras 默认的 batch_size=32 能装下全部 { $examples } 个样本，所以每轮只有一个批次、只走一步。/train batch=1 会变成 { $product } 次更新，每次只用一个样本：步数更多，也更嘈杂。
why-updates-large = 这里每轮用全部 { $examples } 个样本做一次更新，所以 { $epochs } 轮就是 { $epochs } 次更新，而不是 { $epochs } × { $examples } = { $product } 次；Keras 默认的 batch_size=32 会是 { $keras } 次。/train batch=1 会变成 { $product } 次更新，每次只用一个样本。
why-sgd-unstable = 在这组数据上，普通梯度下降（sgd）只有在学习率低于 { $max_lr } 时才稳定（2 ÷ 损失函数 Hessian 矩阵的最大特征值）：这里的学习率 { $lr } 是它的 { $ratio } 倍，用 sgd 会发散。Adam 会把每轮的步长自己缩放到大约一个学习率，所以远高于这个上限的学习率它也能应付。

## 解读损失曲线（每次训练的说明里一行）

reading-falling = 损失还在快速下降：再多训练一些，/train 500。
reading-levelled-best = 损失已经平稳，接近这些数据点能达到的最好水平（损失 { $best }）。
reading-levelled = 损失平稳在 { $loss }，远高于这些数据点的最佳直线能达到的 { $best }：试试更小的学习率（/lr x0.1）。
reading-levelled-curve = 损失平稳在 { $loss }。
reading-unstable = 损失在上升或来回振荡：学习率太大了，试试 /train lr={ $lr }。
reading-stuck = 卡住了：它的神经元对所有输入都输出 0，试试 /train seed=1 或更小的学习率。
best-line = 这些数据点的最佳直线：{ $slope }·c + { $intercept }（模型的权重与它相差 { $dw }，偏置相差 { $db }）。

## /weights：数字背后的直线

weights-best = 这里这些数据点的最佳直线（最小二乘）是 f = { $slope }·c + { $intercept }；模型的权重与它相差 { $dw }，偏置相差 { $db }。
weights-network-line = 把各层乘开，整个网络计算的仍是一条直线：f = { $slope }·c + { $intercept }。

## 训练结果下方的按钮

button-more = ▶ 再训练 { $epochs } 轮
button-step = ⏭ 走一步
button-lr-down = 学习率 ×0.1
button-lr-up = 学习率 ×10
button-weights = 权重
button-fit = 拟合图
button-animate = 🎞 动画
button-stale = 这个按钮已经失效了：请直接发送命令（/help）。
button-pressed = { $command }
console-buttons = 按钮：{ $commands }

## /landscape

landscape-head = ⛰ 损失随权重和偏置的变化是一道山谷：横穿山谷的方向比顺着山谷陡 { $ratio } 倍，Hessian 矩阵的特征值是 { $steep } 和 { $flat }。
landscape-meaning = 横穿方向（主要是权重）损失上升得很快，步子一大就会冲过头：纯 SGD 只有在学习率低于 { $limit } 时才稳定。顺着山谷（主要是偏置）谷底几乎是平的，所以偏置走得很慢。谷底最低点就是最佳直线 { $weight }·c + { $bias }（★）。
landscape-path = 上次训练的路径：{ $epochs } 轮，从权重 { $w0 }、偏置 { $b0 } 走到权重 { $w1 }、偏置 { $b1 }；横穿方向还剩 { $across } % 的路，顺着山谷还剩 { $along } % 的路。
landscape-crossings = 它冲过谷底 { $crossings } 次，在山谷两侧来回之字形前进。
landscape-no-crossings = 它一次也没有冲过谷底。
landscape-shared = 这是共享模型的训练：发 /train 就能画出这个聊天自己的路径。
landscape-no-path = 这个模型还没有记录训练路径：先 /train，再发 /landscape。
landscape-dense1 = /landscape 画的是损失随一个权重和一个偏置的变化，也就是课程里的单个 Dense(1)。这个网络有 { $count } 个参数，维度太多，一张图画不下：先 /layers none，或者用 /plot 看它的损失曲线。
landscape-compare-head = ⛰ 四种优化器，从同一个起点（权重 { $w0 }，偏置 { $b0 }）各训练 { $epochs } 轮，按最终离最低点多近排名：
landscape-compare-run = { $rank }. { $name }：损失 { $loss }，沿山谷方向还剩 { $along } % 的路
landscape-compare-diverged = { $rank }. { $name }：发散了
landscape-compare-why = 普通 SGD 必须为陡峭的一侧把步子迈得很小（学习率 { $sgd }，刚好低于它的上限 { $limit }），于是沿平坦的一侧只能慢慢爬；同样学习率下加上动量 0.9，会沿山谷方向越走越快（上限也提高到 { $momentum_limit }）；RMSprop 和 Adam 按每个参数自己的梯度大小来决定步长，所以平坦方向的偏置和陡峭方向的权重走得差不多快。
landscape-compare-why-round = 在圆碗上各个方向一样陡：刚好低于上限的普通 SGD（学习率 { $sgd }，上限 { $limit }）径直走到底，动量 0.9（上限 { $momentum_limit }）帮不了多少。Adam 不管坡度如何，每步让每个参数移动大约一个学习率：学习率 0.1 时，归一化后的权重走到底大约需要 { $steps } 步。
usage-landscape_usage = 用法：/landscape（这里的山谷和上一次训练的路径）或 /landscape compare（四种优化器从同一起点出发）。
landscape-round-head = ⛰ 在归一化后的权重和偏置上，损失是一个圆碗：Hessian 矩阵的特征值是 { $steep } 和 { $flat }（比值 { $ratio }）。
landscape-round-meaning = 前面的 Normalization 层把 °C 缩放到均值 0、标准差 1，所以各个方向差不多一样陡，一个学习率对两个参数都合适：普通 SGD 在学习率低于 { $limit } 时稳定。它的最低点就是最佳直线，在归一化的 °C（z）上是 { $weight }·z + { $bias }（★；✚ 是公式的位置）。
landscape-no-valley = 这些数据点的摄氏度少于两个不同的值，穿过它们的每条直线都一样好：没有唯一的最低点可画。/data reset 可以恢复课程的数据。

## /race

race-head = 从同一组初始权重出发，各训练 { $epochs } 轮的比赛（这里的模型不变）：
race-run = { $name }：损失 { $first } → { $last }
race-run-diverged = { $name }：在第 { $epoch } 轮发散
race-winner = 冠军：{ $name }（损失 { $loss }）。
race-no-winner = 全部发散了：试试更小的学习率，例如 /race 0.0001 0.001。
race-name-lr = 学习率 { $lr }
race-name-batch = 批大小 { $size }（每轮 { $updates } 次更新）
race-name-full-batch = 全部样本（每轮 1 次更新）
race-name-optimizer = { $optimizer }（学习率 { $lr }）
race-legend = { $name }：{ $loss }
race-legend-diverged = { $name }：第 { $epoch } 轮发散

## 普通句子（bot/features/talk.py）：温度、反过来算 °F、请求

# Under a reply to a sentence: the command it stood for, so the learner can type it next time.
sentence-command = ⌨ 对应的命令：{ $command }
sentence-hint =
    我没看懂这句话。告诉我一个温度（37、212 °F、零下四十），或者问我：训练一下、看看权重、为什么不是 212？
    /help 会列出我能做的事。
button-ask-100 = 🌡 100 °C 是多少 °F？
button-train = ▶ 训练它
button-help = 📖 帮助
# °F → °C: the model learned only °C → °F; the bot runs it backwards.
inverse-line = { $fahrenheit } °F → { $celsius } °C（公式：{ $formula }）
inverse-several = { $fahrenheit } °F → { $celsius } °C：网络的曲线有 { $count } 处达到这个值（公式：{ $formula }）
inverse-none = { $fahrenheit } °F → 无解：在 −1,000,000 到 1,000,000 °C 之间，网络的曲线从未达到 { $fahrenheit } °F（公式：{ $formula }）
inverse-note-line = 模型只学了 °C → °F；这里把它的直线反过来用：c = (f − { $bias }) / { $weight }。
inverse-note-curve = 模型只学了 °C → °F；对于网络，我在它的曲线上寻找给出每个值的 °C。

## 控制台模式

console-banner = 控制台模式（未设置 TELEGRAM_BOT_TOKEN）：输入 /convert 100、/lang en 之类的命令，输入 /quit 退出。
console-loading = 正在加载模型（TensorFlow）…
console-image = [图片：{ $path }]
console-file = [文件：{ $path }]
console-quiz-how = 输入你选择的答案编号（1–{ $count }）。
console-quiz-right = ✅ 答对了！
console-quiz-wrong = ❌ 不对：正确答案是 { $answer }。

## 课堂：/challenge、/guess、/reveal

challenge-ask =
    🎯 猜猜模型的答案！这里的模型对 { $celsius } °C 会回答多少？
    用 /guess 加一个华氏度数字作答，或直接用数字回复这条消息。还剩 { $seconds } 秒；/reveal 可提前揭晓。
challenge-noted = 已记录：{ $name } 猜 { $fahrenheit } °F。
challenge-noted-all = 👍 猜测已记录。
challenge-result = 🎯 本轮结束：对 { $celsius } °C，模型回答 { $model } °F（公式：{ $formula } °F）。
challenge-place-winner = 🏆 { $place }. { $name }：{ $guess } °F，与模型的答案差 { $off }（+{ $points }）
challenge-place = { $place }. { $name }：{ $guess } °F，与模型的答案差 { $off }（+{ $points }）
challenge-more = ……还有 { $count } 人
challenge-nobody = 这一轮没有人猜。
challenge-no-answer = 🎯 本轮结束：对 { $celsius } °C，模型给不出答案（它发散了），所以没有人得分。公式给出 { $formula } °F；用 /reset 或更小的学习率可以把模型找回来。
challenge-why-exact = 为什么这么准：在 { $celsius } °C 处，它的直线正好和公式相交（{ $off } °F）。
challenge-why-curve = 为什么模型与公式差 { $off } °F：它的 { $activation } 隐藏层让直线弯曲，在 { $celsius } °C 处弯到了这里。
challenge-why-line = 为什么模型与公式差 { $off } °F：它的权重是 { $weight }（公式是 1.8），偏置是 { $bias }（公式是 32）；在 { $celsius } °C 处，权重带来 { $dw }，偏置带来 { $db }。

## 课堂：/score

score-head = 🏆 积分榜（挑战：最接近的猜测得 3、2、1 分；测验：每答对一题得 1 分）：
score-line = { $rank }. { $name }：{ $points }
score-empty = 还没有人得分：/challenge 和 /quiz 可以赢得积分。
score-reset = 积分榜已清零（原有 { $count } 位成员有积分）。
score-admins-out = 群管理员只旁观，不计分；发 /score admins on 可以让他们参与。
score-admins-play = 群管理员现在也参与：他们的猜测和测验答案都计分。发 /score admins off 恢复旁观。
score-admins-watch = 群管理员现在只旁观：不能猜，测验答案也不计分。发 /score admins on 可以参与。

## 课堂：/preset 和 /start <代码>

preset-saved = 📦 预设已保存：{ $summary }
preset-link = 分享这个链接：{ $link }
preset-paste = 或者把这行粘贴到群里（或任何和我的聊天中）：{ $command }
preset-loaded =
    📦 预设已载入：{ $summary }
    模型还没有训练：/convert 100 看看它从哪里开始，/train 开始训练。
preset-summary = { $points } 个例子，{ $layers }，{ $optimizer }，学习率 { $lr }，{ $epochs } 轮，种子 { $seed }

## 课堂：/tune

tune-head = 🎮 你来当优化器：移动这条直线，直到损失达到目标——在图上已看不出和这些例子所允许的最佳直线有差别。
tune-start-model = 从这里的模型出发。
tune-start-fresh = 从一个全新的 Dense(1) 出发，就像 Keras 新建时那样：随机权重，偏置为 0。
tune-state =
    直线：权重 { $weight }，偏置 { $bias } · 步长 { $weight_step } 和 { $bias_step }
    损失 { $loss } · 目标 { $goal } · 已按 { $presses } 次
tune-by = { $name } { $move }
tune-recent = 最近的操作：{ $moves }
tune-keep-hint = 按“保留”把这条直线放进这里的模型；否则模型保持原样。
tune-kept = ✅ 已保留：这里的模型现在是 { $weight }·c + { $bias }。
tune-result = 🏁 按了 { $presses } 次，损失降到 { $loss }（最低可达 { $best }）。学习率 0.1 的 Adam 从同一起点出发，需要 { $epochs } 轮才能达到同样接近。
tune-result-adam-never = 🏁 按了 { $presses } 次，损失降到 { $loss }（最低可达 { $best }）。学习率 0.1 的 Adam 在 { $max } 轮内都达不到这么接近。
tune-result-plain = 🏁 按了 { $presses } 次，损失降到 { $loss }（最低可达 { $best }）。
tune-result-untouched = 🏁 还没人按就结束了：直线停在起点（损失 { $loss }）。
tune-pressed = { $move }：损失 { $loss }
tune-weight-down = 权重 −
tune-weight-up = 权重 +
tune-weight-finer = 权重步长 ÷4
tune-bias-down = 偏置 −
tune-bias-up = 偏置 +
tune-bias-finer = 偏置步长 ÷4
tune-steps-up = 两个步长 ×4
tune-done = ✔ 完成
tune-keep = 💾 保留

## 课堂：做不到的请求

game-challenge_open = 这里已经有一个进行中的挑战：用 /guess 作答，或用 /reveal 结束它。
game-no_challenge = 目前没有进行中的挑战：/challenge 开始一个。
game-round_over = 这一轮已经结束：/challenge 开始新的一轮。
game-seconds_range = 一轮持续 { $min } 到 { $max } 秒，例如 /challenge 100 30s。
game-not_starter = 只有发起挑战的人或群管理员可以提前揭晓；时间到了会自动揭晓。
game-starter_plays = 这一轮是你发起的，由全班来猜：想结束时发 /reveal。
game-admins_watch = 管理员负责带课，不参与猜测，积分留给学生。发 /score admins on 可以让管理员参与。
game-answer_hidden = 🎯 正在进行的一轮挑战问的是模型对 { $celsius } °C 的回答：在群里用 /{ $command } 会泄露答案。/reveal 之后就能再用。
game-no_tune = 目前没有进行中的游戏：/tune 开始一局。
game-tune_over = 这局游戏已经结束：/tune 开始新的一局。
game-tune_playing = 游戏还在进行：先按“完成”，然后按“保留”才能把这条直线存进模型。
game-tune_dense1 = /tune 只适用于本课的单个 Dense(1)（一个权重、一个偏置）。这个聊天有隐藏层：先用 /layers none。
game-no_preset = 没有这个代码的预设：请索取新的链接（/preset 可以生成）。
game-bad_preset = 这不是预设代码：代码由 /preset 给出，是 10 个字母、数字、- 或 _。

## 课堂：/quiz（问题 ≤ 300 字符，选项 ≤ 100，解释 ≤ 200）

quiz-model-question = 这里的模型对 { $celsius } °C 会回答多少？
quiz-model-explanation = 它的直线给出 { $model }。公式是 { $formula } °F，但模型是从四舍五入过的例子学来的，所以会差一点。
quiz-weights-321-question = 一个各层分别有 3、2、1 个神经元的全连接网络，不算偏置，一共有多少个权重？
quiz-weights-321-explanation = 进入第二层有 3 × 2 条连接，进入最后一层有 2 × 1 条：6 + 2 = 8 个权重。加上 3 个偏置就是 11 个数。
quiz-parameters-question = 这里的网络（{ $layers }）一共要学多少个数（权重和偏置合计）？
quiz-parameters-explanation = { $weights } 个权重和 { $biases } 个偏置，共 { $total } 个数，每次训练都会调整它们。
quiz-sgd-question = 在这里的数据上用普通 SGD：哪个学习率会让损失爆炸？
quiz-sgd-explanation = 在这里 SGD 只有在学习率低于约 { $limit } 时才稳定（2 除以损失最陡的曲率），所以 { $rate } 每轮都越冲越远。Adam 会自动缩放步长，能应付。
quiz-examples-question = 这里的模型从多少个例子中学习？
quiz-examples-explanation = { $count } 对摄氏度和华氏度（/data 可以查看）。每一轮都会把它们全部看一遍。
quiz-updates-question = 这里的 { $count } 个例子正好装进一个批次。/train { $epochs } 会做多少次更新？
quiz-updates-explanation = 每轮一个批次就是一次更新：{ $epochs } 轮就是 { $epochs } 次更新，而不是 { $epochs } × { $count } = { $product } 次。/train epochs={ $epochs } batch=1 才会做 { $product } 次。
quiz-valley-question = 在这里的数据上，损失的山谷横向比纵向陡多少倍？
quiz-valley-explanation = Hessian 矩阵的特征值是 { $steep } 和 { $flat }：山谷横向（主要是权重）比纵向（主要是偏置）陡 { $ratio } 倍。/landscape 可以画出来。
quiz-momentum-limit-question = 在这里的数据上用动量 0.9 的 SGD：学习率最高到多少仍然稳定？
quiz-momentum-limit-explanation = 动量为 β 时，上限是 2(1+β) ÷ 最大特征值：{ $limit }，而普通 SGD 的上限是 { $plain }。可以用 /train optimizer=sgd momentum=0.9 lr=0.003 试试。
quiz-normalized-question = /normalize on 把这里的 °C 缩放到均值 0、标准差 1。这时损失的山谷横向比纵向陡多少倍？
quiz-normalized-explanation = 归一化后的 °C 均值为 0、均方为 1，所以 Hessian 矩阵的特征值是 { $steep } 和 { $flat }：比值 { $ratio }，一个圆碗，一个学习率对两个参数都合适（没有这一层时是 { $raw }）。
quiz-best-weight-question = 哪个权重最适合这里的例子（最小二乘直线）？
quiz-best-weight-explanation = 穿过这些例子的最佳直线是 { $slope }·c + { $intercept }：训练可以让模型接近它，但不会超过它。
quiz-minus-40-question = 在哪个温度下，摄氏度和华氏度的读数相同？
quiz-minus-40-explanation = 1.8 × (−40) + 32 = −40。这就是为什么 −40 是本课的例子之一。
quiz-bias-question = Dense 层的偏置有什么用？
quiz-bias-right = 它把直线上下平移（那个 +32）
quiz-bias-wrong-1 = 它决定直线的斜率（那个 1.8）
quiz-bias-wrong-2 = 它让训练更快
quiz-bias-wrong-3 = 它防止模型过拟合
quiz-bias-explanation = 输出 = 权重 × 输入 + 偏置。没有偏置，直线必须经过 0 °C = 0 °F；有了偏置，模型才能学到 +32。
quiz-weight-question = 本课的 Dense(1) 的权重学到的是什么？
quiz-weight-right = 每多 1 °C 增加多少 °F（约 1.8）
quiz-weight-wrong-1 = 0 °C 时的华氏度（约 32）
quiz-weight-wrong-2 = 要训练多少轮
quiz-weight-wrong-3 = 每一步训练的大小
quiz-weight-explanation = f = 权重 × c + 偏置：权重就是斜率。1 摄氏度等于 1.8 华氏度，所以它学到约 1.8。
quiz-epoch-question = 一轮（epoch）是什么？
quiz-epoch-right = 把所有例子完整看一遍
quiz-epoch-wrong-1 = 看一个例子一次
quiz-epoch-wrong-2 = 训练一秒钟
quiz-epoch-wrong-3 = 网络中的一层
quiz-epoch-explanation = 每一轮，模型看遍所有例子，计算损失，并调整一次权重（本课用整批数据训练）。
quiz-loss-question = 损失 mean_squared_error 衡量的是什么？
quiz-loss-right = 答案与例子之差的平方的平均值
quiz-loss-wrong-1 = 完全答对的个数
quiz-loss-wrong-2 = 答案与例子之间最大的差距
quiz-loss-wrong-3 = 一次训练要多久
quiz-loss-explanation = 每个差距都先平方（所以大的偏差影响很大），再求平均。训练就是让这个数变小。
quiz-big-lr-question = 学习率大得离谱时会怎样？
quiz-big-lr-right = 每一步都冲过头：损失来回跳动甚至爆炸
quiz-big-lr-wrong-1 = 模型学得更快更好
quiz-big-lr-wrong-2 = 没有影响：只有训练轮数才重要
quiz-big-lr-wrong-3 = 网络会多出几层
quiz-big-lr-explanation = 学习率决定每一步的大小。太大时，每一步都越过最低点，而且越冲越远。在这里，普通 SGD 的学习率超过 { $limit } 就会这样：/race optimizer { $rate } 可以看到。
quiz-not-212-question = 穿过本课例子的最佳直线对 100 °C 给出 { $f100 } °F，而不是 212。为什么？
quiz-not-212-right = 例子是四舍五入过的，它们的最佳直线并不正好是 1.8·c + 32
quiz-not-212-wrong-1 = Keras 把每个权重四舍五入到一位小数
quiz-not-212-wrong-2 = 神经网络永远不可能精确
quiz-not-212-wrong-3 = 100 °C 对模型来说太热了
quiz-not-212-explanation = 46.4 变成了 46，71.6 变成了 72，100.4 变成了 100：这些例子的最佳直线是 { $slope }·c + { $intercept }，模型学到的就是它。
quiz-linear-layers-question = 为什么使用线性激活的隐藏层对这个模型没有帮助？
quiz-linear-layers-right = 叠起来的线性层仍然只是一条直线
quiz-linear-layers-wrong-1 = 隐藏层只对图像有用
quiz-linear-layers-wrong-2 = 它们没有权重
quiz-linear-layers-wrong-3 = 它们需要的例子比温度还多
quiz-linear-layers-explanation = 每个线性层只是乘和加，一串线性层乘开后还是一个权重和一个偏置。试试 /layers 4 4、/train，再看 /weights。

## Homework: /assign, /start <code>, /report, /followup

hw-menu-group = 📝 作业：每个学生在和我的私聊里打开作业，用平常的命令完成；每条命令之后我都会检查目标，这个群里只有一条进度消息。点一个任务，或者发 /assign <任务> [期限]，期限写成 30m、2h 或 3d：
hw-menu-private = 📝 由我自动批改的作业。点一个任务布置给自己（或发 /assign <任务>）：
hw-menu-line = • { $name } — { $title }：{ $goal }
hw-mine-head = 你的作业：
hw-mine-none = 你还没有作业：打开老师发的链接，或者点上面的一个任务。
hw-mine-line = • { $title }（/start { $code }）：{ $state }
hw-state-done = ✅ 已完成
hw-state-late = ✅ 已完成，迟交
hw-state-working = ✏️ 进行中 —— 到目前为止训练 { $trainings } 次，共 { $epochs } 轮
hw-state-stuck = ⏸ 有一阵子没动了 —— 到目前为止训练 { $trainings } 次，共 { $epochs } 轮
hw-title-sgd = 纯 SGD
hw-title-212 = 正好 212
hw-title-fast = 快速达到最佳损失
hw-title-deep = 打败直线
hw-title-tune = 亲手调参
hw-title-quiz = 连对五题
hw-goal-sgd = 用 optimizer=sgd（不用 Adam）训练，直到损失低于 { $goal }。
hw-goal-212 = 让单个 Dense(1) 对 100 °C 的回答与 212 °F 相差不超过 { $goal } °F。
hw-goal-fast = 总共最多 { $epochs } 轮，让损失达到这些数据点所能达到的最佳损失的 1 % 以内（{ $goal } 或更低）。
hw-goal-deep = 用隐藏层把损失降到最佳直线的损失以下：低于 { $goal }。
hw-goal-tune = 在 { $presses } 次按键以内赢一局 /tune。
hw-goal-quiz = 连续答对 { $streak } 道 /quiz 题。
hw-hint-sgd = 先试 /train optimizer=sgd，看看学习率会带来什么；/why 和 /lr 能帮你。
hw-hint-212 = /convert 100 显示你现在的位置；更多轮数、换个学习率，或者多加一个数据点，都可能有用。
hw-hint-fast = /train 500 会一下子用完所有轮数：先想想学习率（/race 能帮你）。
hw-hint-deep = /layers 可以加隐藏层（例如 /layers 16 tanh）；然后 /train，再用 /plot 看损失。
hw-hint-tune = /tune 开始一局游戏；每次按键都算数。
hw-hint-quiz = /quiz 出一道题；答错一次就从头数。
hw-what-sgd = 纯 SGD 把损失降到了 { $value }（目标：低于 { $goal }）。
hw-what-212 = 你的模型对 100 °C 回答 { $answer } °F：与 212 相差 { $value } °F（目标：不超过 { $goal }）。
hw-what-fast = 训练 { $epochs } 轮后损失为 { $value }（目标：{ $budget } 轮以内达到 { $goal } 或更低）。
hw-what-deep = { $layers } 的损失达到了 { $value }，低于最佳直线的损失（目标：低于 { $goal }）。
hw-what-tune = 你用 { $value } 次按键赢了 /tune（目标：不超过 { $goal } 次）。
hw-what-quiz = 连续答对了 { $value } 题。
hw-when = { $when }（UTC）
hw-due = ⏰ 截止时间：{ $when }。
hw-no-due = 没有截止时间。
hw-posted-head = 📝 作业：{ $title }
hw-posted-open = 点按钮在和我的私聊里打开，或者在私聊里发 /start { $code }。
hw-button-open = 📝 在私聊里打开
hw-progress = { $students } 人中 { $done } 人完成 · { $working } 人进行中 · { $stuck } 人卡住 · { $not_opened } 人未打开
hw-progress-late = （其中 { $late } 人迟交）
hw-open-in-private = 作业在和我的私聊里完成，免得刷屏：点按钮，或者在私聊里发 /start { $code }。
hw-opened-head = 📝 { $title }：你的任务是
hw-opened-setup = 已为它设置好：{ $summary }。
hw-opened-again = 这份作业你已经完成了；现在重新设置好，供你练习。
hw-off-task = 这次训练用的是 { $optimizer }：这个任务只算纯 SGD。发 /start { $code } 可以重新开始。
hw-spent = 你已经用完了 { $budget } 轮，还没达到目标。发 /start { $code } 重新开始：试试别的学习率。
hw-done = ✅ 作业完成：{ $title }！
hw-done-count = 总共训练了 { $trainings } 次，{ $epochs } 轮。
hw-done-late = （已过截止时间：照样算完成，记为迟交。）
followup-on = 复习测验已开启：每份作业布置后第 1 天和第 7 天各发一个测验投票。/followup off 关闭。
followup-off = 复习测验已关闭。/followup on 会在每份作业布置后第 1 天和第 7 天各发一个测验投票。
followup-set-on = 🔔 复习测验已开启：每份作业布置后第 1 天和第 7 天，我会在这里发一个测验投票，考作业练过的内容。答对和 /quiz 一样计分。
followup-set-off = 🔕 复习测验已关闭：作业之后不再发测验投票。
followup-head = 📚 复习，第 { $day } 天（{ $title }）：
report-file = 📊 报告表格：{ $rows } 行（UTF-8，任何电子表格软件都能打开）。
report-sent = 📬 报告已经发到我们的私聊里了。
report-names-shown = ⚠️ 先和我开始私聊，以后报告就会发到那里：这一份会在群里显示学生的名字。
report-head = 📊 作业报告：{ $count } 份作业
report-assignment = 📝 { $title } · 布置于 { $set }（UTC）· /start { $code }
report-median = 完成所需（中位数）：训练 { $trainings } 次，{ $epochs } 轮
report-stuck = 卡住的：{ $names }
report-more = 以及另外 { $count } 人
report-no-homework = 📊 这里还没有作业（/assign 可以布置）。每个学生的积分：
report-points-line = • { $name }：挑战 { $challenge } 分，测验 { $quiz } 分
report-col-user = Telegram 用户 ID
report-col-name = 名字
report-col-assignment = 作业
report-col-opened = 打开时间（UTC）
report-col-done = 完成时间（UTC）或状态
report-col-late = 迟交
report-col-trainings = 训练次数
report-col-epochs = 轮数
report-col-best = 最好成绩
report-col-goal = 目标
report-col-challenge = 挑战积分
report-col-quiz = 测验积分
report-col-followup = 复习答对
report-status-working = 进行中
report-status-stuck = 卡住
report-status-none = 未打开
report-yes = 是
report-no = 否
usage-assign_usage = 用法：/assign，或者 /assign <任务> [期限]，任务是 { $tasks } 之一，期限写成 30m、2h 或 3d。
usage-followup_usage = 用法：/followup、/followup on 或 /followup off。
game-no_task = 没有这个任务。任务有：{ $tasks }（/assign 会列出来）。
game-bad_due = 期限是数字加 m、h 或 d，例如 30m、2h 或 3d（最短 1m，最长 { $max }d）。
game-no_assignment = 这个作业链接无效：可能打错了，或者它的群已经删除了这份作业。请老师重新发一次链接。
game-too_many_assignments = 这个聊天已经存了 { $max } 份作业，不能再多了；/forget 会把它们和其他数据一起清除。
game-too_much_homework = 你已经有 { $max } 份没完成的作业了：先完成一份（/assign 会列出来）。
game-report_group = /report 是给群里的老师用的，要在群里发。在这里，/assign 会显示你的作业。
forget-homework = 作业：{ $assignments } 份作业，学生在这些作业上的 { $homework } 份记录，{ $members } 个已知成员。

## /forget

forget-ask = 这会永久删除机器人为这个聊天保存的一切：它的模型（数据、层、权重、历史、设置、锁定和语言）、挑战轮次和猜测、积分榜、测验、/tune 游戏、作业（它布置的作业、学生在上面的记录和它认识的成员；在私聊里，则是你自己在任何作业上的记录），以及它创建但还没有别的聊天打开过的预设。确定吗？
forget-confirm = 🗑 是的，忘记这个聊天
forget-done = 🗑 已删除：{ $model ->
        [0] 没有自己的模型
       *[other] 模型和设置
    }，{ $rounds } 轮挑战和 { $guesses } 个猜测，{ $scores } 条积分，{ $quizzes } 个测验，{ $tunes } 局 /tune 游戏，以及 { $presets } 个没人打开过的预设。这个聊天现在从头开始；别的聊天打开过的预设仍归他们使用。

## When a class asks the same thing at once (a group hears each answer once)

echo-above = ↑ 同样的回答就在上面。
name-separator = 、
echo-also = ↑ 这条也回复给 { $names }{ $more ->
        [0] 。
       *[other] ，以及另外 { $more } 人。
    }

## /teach: the 20-minute lesson plan (each command alone on its line, to copy or tap)

teach-heading = 📋 20 分钟课堂 · 第 { $step } 步（共 { $steps } 步）
teach-before =
    课前（2 分钟，在这个私聊里）：准备好这一课，然后分享出去。
    /data
    /layers none
    /lr 0.1
    /preset
    把 /preset 给出的 /start 那一行粘贴到群里，然后在群里发送：
    /lock
    从这时起只有你能发起活动；全班仍然可以猜、答题和操控。
teach-question =
    第 0 分钟 · 提问。还没训练之前：模型对 100 °C 会给出多少？
    /challenge 100 45s
    学生用 /guess 212 回答，或者直接回复那条问题；揭晓时会给他们排名。
teach-training =
    第 4 分钟 · 训练。图片说明会解读损失曲线。
    /train
    /animate
    /weights
    再问一次：机器人会挑一个模型和公式相差较大的温度。
    /challenge
    然后讨论为什么结果不是正好 212：
    /why
teach-optimizer =
    第 9 分钟 · 你来当优化器。再粘贴一次预设的 /start 那一行：回到未训练的起点，大家都一样。然后：
    /tune
    全班一起按权重和偏置按钮，直到损失与最优值相差不到 { $slack }；[{ $done }] 把按键次数和 Adam 需要的轮数作比较，[{ $keep }] 把全班的直线存进模型。
teach-rates =
    第 14 分钟 · 学习率。在模型的新副本上比较四个学习率，一张图：
    /race
    同一个学习率下的 SGD、Adam 和 RMSprop：谁发散，谁几乎不动？
    /race optimizer 0.01
    近距离看一轮的梯度和更新：
    /step
    它们走在哪里：山谷，以及四种优化器从同一起点出发的路径（动量在普通 SGD 的学习率下沿山谷走得更远）：
    /landscape compare
teach-quiz =
    第 17 分钟 · 测验。两三道投票题（每道会关闭上一道），然后是今天的赢家：
    /quiz
    /score
    下次上课之前：
    /score reset
teach-group = 📋 20 分钟的课堂计划（一步一步）在与我的私聊里：点下面的按钮。
button-teach-open = 📋 打开计划
button-teach-back = ◀ 第 { $step } 步
button-teach-next = 第 { $step } 步 ▶
