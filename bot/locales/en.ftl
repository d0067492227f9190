# c2f-bot — English catalogue.
#
# One message per key; { $name } is filled in by the bot. Numbers arrive already formatted, so
# every language shows them alike. Keep the same keys and placeholders in every language
# (tests/unit/test_catalogues.py checks it). Lines of a message continue indented.

## /start and /help

intro =
    🌡 I am a neural network learning Celsius → Fahrenheit, the classic first deep-learning lesson.
    A Keras Dense layer (one weight, one bias) sees 7 examples and must discover f = 1.8·c + 32 by itself.
    Train it, ask it for conversions, and watch its weights and loss curve.
commands-heading = Commands:
command-line = /{ $name } — { $description }

## The command menu (also listed by /help): at most 256 characters each

cmd-start = welcome and the list of commands
cmd-help = the lesson and every command
cmd-convert = the model's °F for a temperature: /convert 100 or /convert -40 36.6
cmd-train = train this chat's model: /train, /train 1000 0.05, /train optimizer=sgd lr=0.001
cmd-stop = stop this chat's running training
cmd-weights = the weights the model learned
cmd-plot = the loss curve of the last training
cmd-fit = the data, the model's line and the formula's line
cmd-data = the examples: /data, /data add 100 212, /data remove 100, /data reset
cmd-layers = hidden layers: /layers 4 4, /layers 8 relu, /layers none
cmd-reset = this chat back to the shared model and the lesson's data
cmd-export = this chat's model as a .keras file
cmd-step = gradient descent up close: /step or /step 10 epochs, every number explained
cmd-animate = an animation of the last training: the line finding its place
cmd-why = why the model says 211, not 212, with this chat's numbers
cmd-race = a learning-rate race on fresh copies: /race, /race 0.01 0.1 1, /race optimizer
cmd-lr = the learning rate of the next training: /lr, /lr 0.01, /lr x10
cmd-lang = language: /lang en, /lang zh (中文), /lang auto
cmd-lock = group admins: only admins may change the model
cmd-unlock = group admins: everyone may change the model again
cmd-retrain = operators: retrain the shared default model: /retrain 500 0.1
cmd-stats = operators: sessions, trainings, uptime, memory

## The bot's profile: what Telegram shows before the first message

bot-description =
    I am a tiny neural network. Watch me learn Celsius → Fahrenheit from 7 examples — the classic first deep-learning lesson. Press Start, then /train and /convert 100.
bot-short-description = A neural network learns Celsius → Fahrenheit in your chat: train it, ask it, watch it learn.

## Arguments that don't fit a command

usage-not_a_number = '{ $word }' is not a number. Use digits like 100, -40, 36.6 or 1e2.
usage-not_whole = { $name } must be a whole number, not '{ $word }'.
usage-convert_usage = Give one or more temperatures in °C, up to { $max }: /convert 100 -40 36.6
usage-too_many_values = At most { $max } values at a time.
usage-train_usage =
    Usage: /train [epochs] [learning rate], e.g. /train 500 0.1, or options epochs=1..{ $max_epochs } lr=0..1 optimizer=adam|sgd|rmsprop seed=N
usage-unknown_option = Unknown option '{ $word }'. Options: { $options } (e.g. /train epochs=300 lr=0.05).
usage-repeated_option = { $name } is given twice.
usage-missing_value = { $name }= needs a value, e.g. { $name }=100.
usage-data_usage =
    Usage: /data, /data add <°C> <°F>, /data remove <°C>, /data reset (at most { $max_points } points, values within ±{ $max_value }).
usage-layers_usage =
    Usage: /layers [units ...] [linear|relu|tanh]: up to { $max_layers } hidden layers of 1..{ $max_units } units, e.g. /layers 4 4 or /layers none.
usage-unknown_activation = Unknown activation '{ $word }'. Choose one of: { $choices }.
usage-too_many_layers = At most { $max } hidden layers are allowed.
usage-no_arguments = This command takes no arguments.
usage-race_usage = Usage: /race [learning rates ...] [epochs=N] (2 to 6 rates), or /race optimizer [lr] [epochs=N].
usage-lr_usage = Usage: /lr, /lr 0.01, /lr x10 or /lr x0.1 (0 < lr ≤ 1).
usage-step_usage = Usage: /step or /step 10 (1 to 50 epochs).
usage-lang_usage = Unknown language '{ $word }'. Choose /lang en (English), /lang zh (中文) or /lang auto.

## Requests the model cannot carry out

error-epochs_range = Epochs must be a whole number from 1 to { $max }.
error-lr_range = The learning rate must be a number above 0 and at most { $max }.
error-race_size = A race has { $min } to { $max } different runners, e.g. /race 0.001 0.01 0.1 1.
error-step_range = /step runs from 1 to { $max } epochs, e.g. /step or /step 10.
error-unknown_optimizer = Unknown optimizer '{ $name }'. Choose one of: { $choices }.
error-unknown_activation = Unknown activation '{ $name }'. Choose one of: { $choices }.
error-too_many_layers = At most { $max } hidden layers are allowed.
error-units_range = A hidden layer has from 1 to { $max } units.
error-seed_range = The seed must be a whole number from 0 to { $max }.
error-value_range = Values must be finite numbers between -{ $max } and { $max }.
error-dataset_full = The dataset already holds the maximum of { $max } points.
error-dataset_too_small = Training needs at least { $min } data points; the dataset has { $count }.
error-duplicate_point = The dataset already has a point at { $celsius } °C.
error-no_such_point = The dataset has no point at { $celsius } °C.
error-too_many_values = At most { $max } values at a time.
error-no_values = Give at least one value.
error-not_finite = The model's answer is not a finite number. Retrain it with /train or /reset it.
error-not_ready = The shared model is not trained yet. Try again in a moment.
error-overloaded = The bot is busy training for many chats right now. Please retry in a minute.
error-shutting_down = The bot is restarting, so this training was interrupted and nothing changed. Send the command again in a minute.
error-busy = A training is already running in this chat. Wait for it or stop it first.
error-diverged =
    Training diverged at epoch { $epoch }: the loss became { $loss ->
        [nan] NaN
       *[inf] infinite
    }. The model keeps its previous weights. Try a smaller learning rate (for example lr={ $suggested_lr }) or optimizer=adam.

## Short replies

unknown-command = I don't know that command. /help lists what I can do.
private-hint = Send me a command, e.g. /convert 100 or /train. /help lists them all.
internal-error = Sorry, something went wrong on my side. Please try again.
locked = This chat is locked by its admins: only they can change the model. Reading commands work.
admins-only = Only this group's admins can lock or unlock it.
operators-only = Sorry, only the bot's operators can do that.
lock-private = Locking is for group chats; in a private chat only you change your model.
locked-now = 🔒 Locked: only admins can now train or change this chat's model.
unlocked-now = 🔓 Unlocked: everyone can train and change this chat's model.
stopping = Stopping the training…
nothing-to-stop = No training is running in this chat.
reset-done = This chat is back to the lesson's data and the shared model.
shared-note = (Answered by the shared model: /train to train this chat's own.)
export-caption = Open it in Keras: model = keras.models.load_model('c2f.keras'); model.predict(np.array([[100.0]]))
no-history = This chat has not trained yet: /train to see its loss curve.

## /lang

lang-current-chosen = This chat speaks English (chosen with /lang).
lang-current-auto = This chat speaks English: the language of your Telegram app.
lang-how = /lang zh — 中文; /lang en — English; /lang auto — follow each person's Telegram app.
lang-set = From now on this chat speaks English.
lang-set-auto = This chat now follows each person's Telegram app language.

## /convert

conversion-line = { $celsius } °C → { $model } °F (formula { $formula }, error { $error })

## Trainings

trained-head = Trained { $epochs ->
        [one] { $epochs } epoch
       *[other] { $epochs } epochs
    } ({ $optimizer }, lr { $lr }, seed { $seed }) in { $ms } ms.
stopped-head = Stopped after { $done } of { $epochs } epochs ({ $optimizer }, lr { $lr }, seed { $seed }) in { $ms } ms.
loss-change = Loss: { $first } → { $last }
weight-and-bias = Weight { $weight } (formula 1.8), bias { $bias } (formula 32)
parameters = { $architecture }: { $count } parameters (/weights)
f100 = 100 °C → { $f100 } °F (formula 212)
retrained-shared = Shared default model retrained.
stopped-before-start = The training was stopped before any epoch ran; the model is unchanged.
progress = Training… { $done } of { $total } epochs ({ $percent } %). /stop to stop.
progress-done = Training ended after { $done } of { $total } epochs.

## /weights

weights-heading = { $architecture } — { $count } parameters
weights-kernel = Weight (kernel): { $weight } — the formula's 1.8: °F rises this much per °C.
weights-bias = Bias: { $bias } — the formula's 32: the °F at 0 °C.
weights-line = The model computes f = { $weight }·c + { $bias }.
weights-layer = Layer { $index } { $rows }×{ $columns }: kernel [{ $kernel }] bias [{ $bias }]
weights-linear-note = With linear activations the layers still multiply out to one line; relu or tanh let them bend it.

## /data

data-empty = 0 training points.
data-empty-hint = (none: /data add 100 212 or /data reset)
data-heading-formula = { $count ->
        [one] { $count } training point
       *[other] { $count } training points
    } (°C → °F, formula in brackets):
data-heading = { $count ->
        [one] { $count } training point
       *[other] { $count } training points
    } (°C → °F):
data-added = Added { $celsius } °C → { $fahrenheit } °F.
data-removed = Removed the point at { $celsius } °C.
data-reset = Back to the lesson's { $count } points.

## /layers

layers-changed = Layers now: { $architecture }. This chat's weights were reset; /train to train the new network.
layers-current =
    Layers: { $architecture }.
    Change with /layers 4 4, /layers 8 relu or /layers none.

## Captions of the pictures

loss-caption = Loss over { $epochs ->
        [one] { $epochs } epoch
       *[other] { $epochs } epochs
    }: { $first } → { $last }
fit-caption = Blue: the training data. Orange: the model. Green dashes: f = 1.8·c + 32.

## Labels inside the pictures

plot-loss-title = Training loss
plot-epoch = Epoch
plot-loss = Loss (mean squared error)
plot-fit-title = What the model learned
plot-celsius = Celsius (°C)
plot-fahrenheit = Fahrenheit (°F)
plot-model = Model
plot-formula = Formula: f = 1.8·c + 32
plot-data = Training data
plot-race-title = Learning-rate race

## /stats (operators)

stats =
    Sessions: { $sessions } ({ $trained } trained)
    Trainings: { $trainings } ({ $running } running now)
    Uptime: { $hours } h { $minutes } min
    Memory (RSS): { $memory } MB

## /step

step-head = { $epochs ->
        [one] One epoch
       *[other] { $epochs } epochs
    } of gradient descent ({ $optimizer }, lr { $lr }): loss { $before } → { $after }
step-fresh = This chat had no weights of its own, so it started from fresh ones, as a first /train does.
step-epoch = Epoch { $epoch }: loss { $before } → { $after }
step-weight = Weight: { $before } → { $after } (gradient { $gradient }, update { $update })
step-bias = Bias: { $before } → { $after } (gradient { $gradient }, update { $update })
step-too-low = Predictions were too low on average (by { $error } °F), so the gradient of the bias is negative and the bias went up by { $change }.
step-too-high = Predictions were too high on average (by { $error } °F), so the gradient of the bias is positive and the bias went down by { $change }.
step-against-low = Predictions were too low on average (by { $error } °F), yet the bias went down by { $change }: momentum from earlier epochs still carries it.
step-against-high = Predictions were too high on average (by { $error } °F), yet the bias went up by { $change }: momentum from earlier epochs still carries it.
step-adam = Adam sizes each step from running averages of the gradient, not from the raw gradient: the bias moved { $update }, where plain gradient descent (−lr × gradient) would move it { $plain }.
step-rmsprop = RMSprop divides each step by a running average of the gradient's size: the bias moved { $update }, where plain gradient descent (−lr × gradient) would move it { $plain }.
step-sgd = Plain gradient descent: every update is −lr × gradient (here −{ $lr } × { $gradient } = { $update }).
step-between = Epochs { $first }–{ $last }: loss { $before } → { $after }
step-between-line = Epochs { $first }–{ $last }: loss { $before } → { $after }; weight { $weight }, bias { $bias } in all
step-layer = Layer { $index } ({ $rows }×{ $columns }): gradient size { $gradient }, update size { $update }, largest change { $largest }
step-more = Next: /step, /step 10 or /train 500.

## /lr

lr-current = Learning rate { $lr } ({ $optimizer }): this chat's next /train and /step use it. Change it with /lr 0.01, /lr x10 or /lr x0.1.
lr-set = Learning rate now { $lr } (was { $old }): this chat's next /train and /step use it.

## /animate

animate-caption = The model's line after each epoch ({ $frames } frames of { $epochs } epochs), the formula's dashed line and the loss so far.
animate-fresh = (A fresh 500-epoch training of this chat's network from the lesson's start: /train, then /animate, to watch this chat's own.)
animate-counter = Epoch { $epoch } of { $total }

## /why

why-rounded = The lesson's °F labels are rounded ({ $examples }), so no line passes through every point. The best line through these points (least squares) is f = { $slope }·c + { $intercept }, not 1.8·c + 32: at 100 °C it says { $f100 } °F.
why-data = The best line through this chat's points (least squares) is f = { $slope }·c + { $intercept }: at 100 °C it says { $f100 } °F.
why-too-few = With fewer than two different temperatures no single best line exists: /data add 100 212 or /data reset.
why-model = This chat's model computes f = { $weight }·c + { $bias }, { $dw } from that weight and { $db } from that bias: 100 °C → { $model100 } °F.
why-model-curve = This chat's model bends its line (relu or tanh layers): 100 °C → { $model100 } °F.
why-training = More training brings the model closer to that line, never past it: even a perfect fit of these points answers { $f100 } at 100 °C, not 212. Exact data (/data) would give 212.
why-sgd-stable = Plain gradient descent (sgd) is stable on this data only below lr { $max_lr } (2 ÷ the largest eigenvalue of the loss's Hessian); this chat's lr { $lr } is below it. Adam sizes its own steps, which is why lr 0.1 is fine for Adam.
why-sgd-unstable = Plain gradient descent (sgd) is stable on this data only below lr { $max_lr } (2 ÷ the largest eigenvalue of the loss's Hessian): with this chat's lr { $lr }, { $ratio }× that, sgd would explode. Adam sizes its own steps, which is why lr 0.1 is fine for Adam.

## Reading the loss curve (one line under each training)

reading-falling = Still falling fast: train more, /train 500.
reading-levelled-best = Levelled off near the best these points allow (loss { $best }).
reading-levelled = Levelled off at loss { $loss }, far above the { $best } the best line for these points reaches: try a smaller learning rate (/lr x0.1).
reading-levelled-curve = Levelled off at loss { $loss }.
reading-unstable = Rising or oscillating: the learning rate is too large — try /train lr={ $lr }.
reading-stuck = Stuck: its units output 0 for every input — /train seed=1 or a smaller learning rate.
best-line = Best line for these points: { $slope }·c + { $intercept } (the model is { $dw } and { $db } away).

## /weights: the line behind the numbers

weights-best = The best line for this chat's points (least squares) is f = { $slope }·c + { $intercept }: the model is { $dw } and { $db } away.
weights-network-line = Multiplied out, the layers compute one line: f = { $slope }·c + { $intercept }.

## Buttons under a training

button-more = ▶ { $epochs } more
button-step = ⏭ Step
button-lr-down = lr ×0.1
button-lr-up = lr ×10
button-weights = Weights
button-fit = Fit
button-animate = 🎞 Animate
button-stale = This button no longer works: send the command instead (/help).
button-pressed = { $command }
console-buttons = Buttons: { $commands }

## /race

race-head = A race of { $epochs } epochs from the same starting weights (this chat's model is unchanged):
race-run = { $name }: loss { $first } → { $last }
race-run-diverged = { $name }: diverged at epoch { $epoch }
race-winner = Winner: { $name } (loss { $loss }).
race-no-winner = Every run diverged: try smaller learning rates, e.g. /race 0.0001 0.001.
race-name-lr = lr { $lr }
race-name-optimizer = { $optimizer } (lr { $lr })
race-legend = { $name }: { $loss }
race-legend-diverged = { $name }: diverged at { $epoch }

## Console mode

console-banner = Console mode (no TELEGRAM_BOT_TOKEN set): type commands like /convert 100, /lang zh, /quit to leave.
console-loading = Loading the model (TensorFlow)…
console-image = [image: { $path }]
console-file = [file: { $path }]
