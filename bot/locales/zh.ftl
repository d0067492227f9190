# c2f-bot — 简体中文词条（Simplified Chinese catalogue）。
#
# 与 en.ftl 的键（message id）、顺序和占位符完全相同；以 en.ftl 为准。占位符由机器人填入，
# 数字已经格式化好。中文没有复数形式，所以不用按数字的选择表达式。多行消息的续行缩进。
# Same keys and placeholders as en.ftl (tests/unit/test_catalogues.py checks it).

## /start 和 /help

intro =
    🌡 我是一个正在学习摄氏度 → 华氏度换算的神经网络，这是深度学习的经典入门第一课。
    一个 Keras Dense 层（一个权重、一个偏置）只看 7 个例子，就要自己找出 f = 1.8·c + 32。
    你可以训练它、让它换算温度，并观察它的权重和损失曲线。
commands-heading = 命令：
command-line = /{ $name } — { $description }

## 命令菜单（/help 也会列出）：每条最多 256 个字符

cmd-start = 欢迎语和命令列表
cmd-help = 这一课的讲解和全部命令
cmd-convert = 用模型把摄氏度换算成华氏度：/convert 100 或 /convert -40 36.6
cmd-train = 训练本聊天的模型：/train、/train 1000 0.05、/train optimizer=sgd lr=0.001
cmd-stop = 停止本聊天正在进行的训练
cmd-weights = 模型学到的权重
cmd-plot = 上一次训练的损失曲线
cmd-fit = 训练数据、模型的直线和公式的直线
cmd-data = 训练数据：/data、/data add 100 212、/data remove 100、/data reset
cmd-layers = 隐藏层：/layers 4 4、/layers 8 relu、/layers none
cmd-reset = 让本聊天恢复为共享模型和课程的原始数据
cmd-export = 把本聊天的模型导出为 .keras 文件
cmd-lang = 语言：/lang zh（中文）、/lang en（English）、/lang auto（自动）
cmd-lock = 群管理员：只允许管理员修改模型
cmd-unlock = 群管理员：重新允许所有人修改模型
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
usage-too_many_values = 一次最多 { $max } 个值。
usage-train_usage =
    用法：/train [轮数] [学习率]，例如 /train 500 0.1；也可以用选项 epochs=1..{ $max_epochs } lr=0..1 optimizer=adam|sgd|rmsprop seed=N
usage-unknown_option = 未知选项“{ $word }”。可用的选项：{ $options }（例如 /train epochs=300 lr=0.05）。
usage-repeated_option = { $name } 被指定了两次。
usage-missing_value = { $name }= 后面需要一个值，例如 { $name }=100。
usage-data_usage =
    用法：/data、/data add <°C> <°F>、/data remove <°C>、/data reset（最多 { $max_points } 个数据点，数值在 ±{ $max_value } 以内）。
usage-layers_usage =
    用法：/layers [各层神经元数 ...] [linear|relu|tanh]：最多 { $max_layers } 个隐藏层，每层 1..{ $max_units } 个神经元，例如 /layers 4 4 或 /layers none。
usage-unknown_activation = 未知的激活函数“{ $word }”。可选：{ $choices }。
usage-too_many_layers = 最多只能有 { $max } 个隐藏层。
usage-no_arguments = 这个命令不需要参数。
usage-lang_usage = 未知的语言“{ $word }”。请选择 /lang zh（中文）、/lang en（English）或 /lang auto。

## 模型无法执行的请求

error-epochs_range = 轮数必须是 1 到 { $max } 之间的整数。
error-lr_range = 学习率必须大于 0，且不超过 { $max }。
error-unknown_optimizer = 未知的优化器“{ $name }”。可选：{ $choices }。
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
error-busy = 本聊天已经有一个训练在进行。请等它结束，或先停止它。
error-diverged =
    训练在第 { $epoch } 轮发散了：损失变成了{ $loss ->
        [nan] 非数值（NaN）
       *[inf] 无穷大
    }。模型保留原来的权重。请试试更小的学习率（例如 lr={ $suggested_lr }）或 optimizer=adam。

## 简短回复

unknown-command = 我不认识这个命令。发送 /help 看看我能做什么。
private-hint = 给我发一个命令吧，例如 /convert 100 或 /train。/help 会列出全部命令。
internal-error = 抱歉，我这边出了点问题，请再试一次。
locked = 本聊天已被管理员锁定：只有管理员能修改模型。查看类的命令仍然可用。
admins-only = 只有本群的管理员才能锁定或解锁。
operators-only = 抱歉，只有机器人的运维人员才能这样做。
lock-private = 锁定功能只用于群聊；在私聊里，本来就只有你自己能修改你的模型。
locked-now = 🔒 已锁定：现在只有管理员能训练或修改本聊天的模型。
unlocked-now = 🔓 已解锁：所有人都能训练和修改本聊天的模型。
stopping = 正在停止训练…
nothing-to-stop = 本聊天没有正在进行的训练。
reset-done = 本聊天已恢复为课程的原始数据和共享模型。
shared-note = （这是共享模型的回答：发送 /train 训练本聊天自己的模型。）
export-caption = 在 Keras 中打开：model = keras.models.load_model('c2f.keras'); model.predict(np.array([[100.0]]))
no-history = 本聊天还没有训练过：发送 /train，就能看到它的损失曲线。

## /lang

lang-current-chosen = 本聊天使用中文（通过 /lang 选择）。
lang-current-auto = 本聊天使用中文：跟随你的 Telegram 应用语言。
lang-how = /lang zh — 中文；/lang en — English；/lang auto — 跟随每个人的 Telegram 应用语言。
lang-set = 从现在起，本聊天使用中文。
lang-set-auto = 本聊天现在跟随每个人的 Telegram 应用语言。

## /convert

conversion-line = { $celsius } °C → { $model } °F（公式：{ $formula }，误差：{ $error }）

## 训练

trained-head = 训练了 { $epochs } 轮（{ $optimizer }，学习率 { $lr }，随机种子 { $seed }），用时 { $ms } 毫秒。
stopped-head = 已停止：{ $epochs } 轮中完成了 { $done } 轮（{ $optimizer }，学习率 { $lr }，随机种子 { $seed }），用时 { $ms } 毫秒。
loss-change = 损失：{ $first } → { $last }
weight-and-bias = 权重 { $weight }（公式：1.8），偏置 { $bias }（公式：32）
parameters = { $architecture }：{ $count } 个参数（/weights）
f100 = 100 °C → { $f100 } °F（公式：212）
retrained-shared = 共享的默认模型已重新训练。
stopped-before-start = 训练在第一轮开始前就停止了，模型没有变化。
progress = 训练中… 已完成 { $done }/{ $total } 轮（{ $percent }%）。发送 /stop 停止。
progress-done = 训练结束：{ $total } 轮中完成了 { $done } 轮。

## /weights

weights-heading = { $architecture } — { $count } 个参数
weights-kernel = 权重（kernel）：{ $weight }——对应公式里的 1.8：温度每升高 1 °C，°F 就增加这么多。
weights-bias = 偏置：{ $bias }——对应公式里的 32：0 °C 时的 °F 值。
weights-line = 模型计算的是 f = { $weight }·c + { $bias }。
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

layers-changed = 现在的网络层：{ $architecture }。本聊天的权重已重置；发送 /train 训练新的网络。
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
plot-formula = 公式：f = 1.8·c + 32
plot-data = 训练数据

## /stats（运维）

stats =
    会话：{ $sessions }（已训练 { $trained } 个）
    训练次数：{ $trainings }（正在进行 { $running } 次）
    运行时间：{ $hours } 小时 { $minutes } 分钟
    内存（RSS）：{ $memory } MB

## 控制台模式

console-banner = 控制台模式（未设置 TELEGRAM_BOT_TOKEN）：输入 /convert 100、/lang en 之类的命令，输入 /quit 退出。
console-loading = 正在加载模型（TensorFlow）…
console-image = [图片：{ $path }]
console-file = [文件：{ $path }]
