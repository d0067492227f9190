# c2f-bot — English catalogue.
#
# One message per key; { $name } is filled in by the bot. Numbers arrive already formatted, so
# every language shows them alike. Keep the same keys and placeholders in every language
# (tests/unit/test_catalogues.py checks it). Lines of a message continue indented.

## /start and /help

intro =
    🌡 I am a neural network learning Celsius → Fahrenheit, the classic first deep-learning lesson.
    A Keras Dense layer (one weight, one bias) sees { $examples } examples and must discover f = 1.8·c + 32 by itself.
    Train it, ask it for conversions, and watch its weights and loss curve.
command-line = /{ $name } — { $description }
start-try = Try /convert 100, then /train, then /weights. /help lists every command.
help-group =
    🌡 A Keras Dense layer learns °C → °F here; this group has its own model.
    Try /convert 100, /train, /weights and /fit; as a class: /challenge, /quiz, /tune, /race.
    Every command with examples is in a private chat with me: tap below.
button-full-help = 📖 All commands

## The first lesson and /help
# --- lesson: the first lesson (/start in a private chat, /lesson) and the /help overview

lesson-heading = 🌡 The first lesson · { $step } of { $steps }: { $title }
lesson-title-ask = ask it
lesson-title-train = train it ({ $epochs } epochs)
lesson-title-inside = look inside
lesson-title-loss = the loss falling
lesson-title-why = why not exactly { $formula }?
lesson-ask-intro = I am a neural network, { $network }. I learn °C → °F from { $count ->
        [one] one example
       *[other] { $count } examples
    } ({ $points }), as in the notebook.
lesson-network-dense = one Keras Dense layer: one weight and one bias
lesson-network = { $architecture } with { $count } parameters
lesson-ask-answer = What is { $celsius } °C? I say { $model } °F. The formula f = 1.8·c + 32 says { $formula } (I am off by { $error }).
lesson-ask-shared = That is the shared model, trained once for everyone: this chat has no model of its own until it trains.
lesson-ask-own = That is this chat's own model, trained { $epochs } epochs so far: the next step trains it { $more } more from where it is (/reset first, to watch it learn from scratch).
lesson-ask-untrained = This chat's model has weights of its own that have not trained yet: the next step trains them.
lesson-ask-differs = This chat is not set up as the lesson is ({ $what }): the lesson reads its numbers all the same, and /reset brings back the lesson's.
lesson-differs-data = { $count ->
        [one] one example of its own
       *[other] { $count } examples of its own
    }
lesson-differs-layers = the network { $architecture }
lesson-differs-training = { $optimizer } at lr { $lr }
lesson-ask-try = Ask it yourself any time: /convert 37, or several at once: /convert -40 0 100.
lesson-train-intro = The notebook's model.fit(…, epochs={ $epochs }) on this chat's model: each epoch shows it every example and moves the weight and the bias a step downhill.
lesson-inside-dense = The whole model is two numbers, the weight { $weight } and the bias { $bias }: it computes f = { $weight }·c + { $bias }.
lesson-inside-line = { $architecture } has { $count } parameters; multiplied out they are one line: f = { $weight }·c + { $bias }.
lesson-inside-curve = { $architecture } bends its line with its { $count } parameters (relu or tanh), so no single weight stands for °F per °C: /fit shows its curve.
lesson-inside-formula = The formula is f = { $slope }·c + { $intercept }: the weight is { $dw } from { $slope } (°F per °C), the bias { $db } from { $intercept } (the °F at 0 °C).
lesson-inside-learned = Nobody told it these numbers: training moved a random weight and bias there, from the examples alone.
lesson-inside-try = Every number yourself: /weights. The line against the examples: /fit.
lesson-loss-none = The model answering here has no training to look at yet: train it first.
lesson-loss-what = The loss is the mean squared error: the average, over the { $count ->
        [one] one example
       *[other] { $count } examples
    }, of (the model's °F − the example's °F)².
lesson-loss-went = Over the last training's { $epochs } epochs it went from { $first } to { $last }:
lesson-loss-at = epoch { $epoch }: { $loss }
lesson-loss-end = after epoch { $epoch }: { $loss }
lesson-loss-factor = That is { $factor } times smaller.
lesson-loss-typical = √{ $loss } ≈ { $error } °F: about how far off a typical answer on these examples is now.
lesson-loss-try = The curve: /plot. The line moving, epoch by epoch: /animate.
lesson-why-intro = At { $celsius } °C the model says { $model } °F, the formula { $formula }. Why not exactly?
lesson-end = That was the first lesson. /step shows one epoch up close; /help shows everything else.
lesson-back = 👋 Welcome back to the first lesson: you got to step { $step } of { $steps } ({ $title }).
lesson-back-done = You finished it: /help shows what else there is.
lesson-group = The first lesson is a conversation with me in a private chat, with a model of your own: tap below.
usage-lesson_usage = Usage: /lesson, or /lesson 1 to /lesson { $steps } for one step of the first lesson.
cmd-lesson = the first lesson, step by step: /lesson, /lesson 3
button-lesson-next = ▶ { $step }. { $title }
button-lesson-again = ↺ Start over
button-lesson-help = 📖 What else? /help
button-lesson-open = 🌡 Open the lesson
help-heading = Four parts; tap one for its commands, each with an example:
help-line = { $title } — { $summary }: { $commands }
help-tap = New here? /start walks you through the lesson, one step at a time.
help-title-lesson = 📚 The lesson
help-title-learn = 📈 Seeing it learn
help-title-class = 🎓 The classroom
help-title-teach = 🧑‍🏫 Teachers
help-title-teach-operators = 🧑‍🏫 Teachers and operators
help-summary-lesson = ask it, train it, look inside
help-summary-learn = gradient descent up close
help-summary-class = games for a class in a group
help-summary-teach = a lesson plan, homework, a group's lock
help-page-heading = { $title }:
button-help-menu = ◀ All parts

## The command menu (also listed by /help): at most 256 characters each

cmd-start = the first lesson, a step at a time: ask it, train it, look inside
cmd-help = every command, in four groups, each with an example
cmd-convert = the model's °F for a temperature: /convert 100 or /convert -40 36.6
cmd-train = train this chat's model: /train, /train 1000 0.05, /train optimizer=sgd lr=0.001, /train optimizer=sgd momentum=0.9 lr=0.003, /train epochs=10 batch=1
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
cmd-normalize = Keras's Normalization layer in front of the network: /normalize on, /normalize off
cmd-landscape = the valley gradient descent walks: the loss over weight and bias, with the last training's path; /landscape compare: four optimizers' paths
cmd-race = a learning-rate race on fresh copies: /race, /race 0.01 0.1 1, /race optimizer, /race batch 1 2 7
cmd-lr = the learning rate of the next training: /lr, /lr 0.01, /lr x10
cmd-lang = language: /lang en, /lang zh (中文), /lang auto
cmd-challenge = predict the model: /challenge, /challenge 100 30s, then /guess 211
cmd-guess = your guess in the open challenge: /guess 211.5
cmd-reveal = end the challenge now and show who was closest
cmd-quiz = a quiz poll about the lesson and this chat's model
cmd-score = the scoreboard; /score reset for group admins
cmd-tune = you are the optimizer: move the line by hand
cmd-preset = share this chat's setup as a link: /preset, /preset epochs=300
cmd-teach = the 20-minute lesson plan for a teacher, step by step: /teach, /teach 3
cmd-assign = homework I check myself: /assign, /assign sgd 3d (group admins; in a private chat, for yourself)
cmd-report = the class's homework and points, with a CSV (group admins)
cmd-followup = quiz polls a day and a week after each assignment: /followup on|off (group admins)
cmd-lock = group admins: only admins may change the model
cmd-unlock = group admins: everyone may change the model again
cmd-forget = delete this chat's stored state for good (group admins; asks first)
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
usage-train_usage =
    Usage: /train [epochs] [learning rate], e.g. /train 500 0.1, or options epochs=1..{ $max_epochs } lr=0..1 optimizer=adam|sgd|rmsprop momentum=0..0.99 nesterov=yes|no batch=N seed=N
usage-yes_or_no = { $name } is yes or no, not '{ $word }'.
usage-unknown_option = Unknown option '{ $word }'. Options: { $options } (e.g. /train epochs=300 lr=0.05).
usage-repeated_option = { $name } is given twice.
usage-missing_value = { $name }= needs a value, e.g. { $name }=100.
usage-data_usage =
    Usage: /data, /data add <°C> <°F>, /data remove <°C>, /data reset (at most { $max_points } points, values within ±{ $max_value }).
usage-layers_usage =
    Usage: /layers [units ...] [linear|relu|tanh]: up to { $max_layers } hidden layers of 1..{ $max_units } units, e.g. /layers 4 4 or /layers none.
usage-unknown_activation = Unknown activation '{ $word }'. Choose one of: { $choices }.
usage-no_arguments = This command takes no arguments.
usage-race_usage = Usage: /race [learning rates ...] [epochs=N] (2 to 6 rates), /race optimizer [lr] [epochs=N], or /race batch [sizes ...] [epochs=N], e.g. /race batch 1 2 7.
usage-forget_usage = Usage: /forget, then its button (or /forget yes).
usage-challenge_usage = Usage: /challenge, /challenge 100 or /challenge 100 30s (10 to 600 seconds).
usage-guess_usage = Usage: /guess 212, or reply to the challenge with a number in °F.
usage-preset_usage = Usage: /preset, or /preset epochs=300 to set the epochs of its /train.
usage-teach_usage = Usage: /teach, or /teach 1 to /teach { $steps } for one step of the plan.
usage-score_usage = Usage: /score; group admins: /score reset, /score admins on|off.
usage-tune_usage = Usage: /tune starts a game; its buttons do the rest.
usage-lr_usage = Usage: /lr, /lr 0.01, /lr x10 or /lr x0.1 (0 < lr ≤ 1).
usage-step_usage = Usage: /step or /step 10 (1 to 50 epochs).
usage-lang_usage = Unknown language '{ $word }'. Choose /lang en (English), /lang zh (中文) or /lang auto.

## Requests the model cannot carry out

error-epochs_range = Epochs must be a whole number from 1 to { $max }.
error-lr_range = The learning rate must be a number from { $min } to { $max }.
error-race_size = A race has { $min } to { $max } different runners, e.g. /race 0.001 0.01 0.1 1.
error-step_range = /step runs from 1 to { $max } epochs, e.g. /step or /step 10.
error-unknown_optimizer = Unknown optimizer '{ $name }'. Choose one of: { $choices }.
error-momentum_range = Momentum is a number from 0 to 0.99 with at most two decimals, e.g. /train optimizer=sgd momentum=0.9.
error-momentum_sgd_only = Momentum here is SGD's ({ $optimizer } keeps running averages of its own): /train optimizer=sgd momentum=0.9.
error-nesterov_needs_momentum = Nesterov's variant needs a momentum above 0: /train optimizer=sgd momentum=0.9 nesterov=yes.
error-batch_range = A mini-batch holds 1 to { $max } examples (all of them: one update an epoch), e.g. /train epochs=10 batch=1.
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
error-drawing_busy = This chat already has { $max } pictures on the way: wait for them, then ask again.
error-busy = A training is already running in this chat. Wait for it or stop it first.
error-diverged =
    Training diverged at epoch { $epoch }: the loss became { $loss ->
        [nan] NaN
       *[inf] infinite
    }. The model keeps its previous weights. Try a smaller learning rate (for example lr={ $suggested_lr }) or optimizer=adam.

## Short replies

unknown-command = I don't know that command. /help lists what I can do.
warming-up = Warming up: the model (TensorFlow) is still loading after a restart. Your command runs as soon as it is ready.
# A group upgraded to a supergroup moved everything it had (bot/telegram/migration.py).
chat-migrated = This group is now a supergroup: its model, its data and its lock, the class's scores, challenge and game all came along.
internal-error = Sorry, something went wrong on my side. Please try again.

# A change that could not be stored was not made (storage/errors.py).
storage-full = I could not save that: the bot's disk is full, so nothing changed. The bot's operator sees it in the log.
storage-gone = I cannot save changes now: the bot's data folder was removed while it ran, so nothing changed. The operator has to restore it and restart the bot.
storage-failed = I could not save that (the bot's storage failed), so nothing changed. Please try again later.
storage-unreachable = I cannot reach the bot's database right now, so nothing was done. Please try again in a few minutes; the bot's operator sees it in the log.
locked = 🔒 /{ $command } changes this group's model, and the group is locked: only its admins can do that. Reading commands such as /convert and /plot still work.
admins-only = Only this group's admins can use /{ $command }.
operators-only = Only the bot's operators can use /{ $command }.
lock-private = Locking is for group chats; in a private chat only you change your model.
locked-now = 🔒 Locked: only admins can now train or change this chat's model.
unlocked-now = 🔓 Unlocked: everyone can train and change this chat's model.
stopping = Stopping the training…
nothing-to-stop = No training is running in this chat.
reset-done = This chat is back to the lesson's data and the shared model.
shared-note = (Answered by the shared model: /train to train this chat's own.)
export-caption = Open it in Keras: model = keras.models.load_model('c2f.keras'); model.predict(np.array([[100.0]]))
no-history = This chat has not trained yet: /train to see its loss curve.

## Plain sentences: what can't be read
# --- grammar (issue 37): bot/features/sentences.py names the problem, these texts say it

sentence-too-long = That message is too long for me to read: at most { $max } characters. Send just the temperatures, e.g. 100 or 212 °F.
sentence-not-finite = '{ $value }' is not a finite number. Temperatures go from -{ $max } to { $max }, e.g. 100 or -40.
sentence-too-many = That is more temperatures than I can convert at once: at most { $max }. Send them in smaller groups.

## /lang

lang-current-chosen = This chat speaks English (chosen with /lang).
lang-current-auto = This chat speaks English: the language of your Telegram app.
lang-how = /lang zh — 中文; /lang en — English; /lang auto — follow each person's Telegram app.
lang-set = From now on this chat speaks English.
lang-set-auto = This chat now follows each person's Telegram app language.

## /convert

conversion-line = { $celsius } °C → { $model } °F (formula { $formula }, error { $error })

## /normalize

normalize-on = Normalization on: { $layers }. Keras's Normalization layer, adapted to this chat's °C (mean { $mean }, σ { $sigma }), scales them to mean 0 and spread 1 before the Dense layers see them. The weights start afresh: /train, then /landscape shows a round valley.
normalize-off = Normalization off: { $layers } sees the °C as they are again. The weights start afresh: /train.
normalize-state-on = This chat's network is { $layers }: the Normalization layer is adapted to its °C (mean { $mean }, σ { $sigma }) and follows /data. /normalize off takes it away.
normalize-state-off = This chat's network is { $layers }: it sees the °C as they are. /normalize on puts Keras's Normalization layer in front.
usage-normalize_usage = Usage: /normalize (what this chat has), /normalize on or /normalize off.

## Trainings

trained-head = Trained { $epochs ->
        [one] { $epochs } epoch
       *[other] { $epochs } epochs
    } ({ $optimizer }, lr { $lr }).
stopped-head = Stopped after { $done } of { $epochs } epochs ({ $optimizer }, lr { $lr }).
updates-line = { $epochs } epochs × { $batches } mini-batches of { $size } = { $updates } updates (examples reshuffled every epoch)
run-details = Seed { $seed } · { $ms } ms
loss-change = Loss: { $first } → { $last }
weight-and-bias = Weight { $weight } (formula 1.8), bias { $bias } (formula 32)
parameters = { $architecture }: { $count } parameters (/weights)
f100 = 100 °C → { $f100 } °F (formula 212)
retrained-shared = Shared default model retrained.
stopped-before-start = The training was stopped before any epoch ran; the model is unchanged.
progress = Training… { $done } of { $total } epochs ({ $percent } %). /stop to stop.
progress-starting = Training… /stop to stop.
progress-done = Training ended after { $done } of { $total } epochs.
progress-interrupted = Training stopped: the bot restarted before it finished, so nothing of it was kept. Send the command again.

## /weights

weights-heading = { $architecture } — { $count } parameters
weights-kernel = Weight (kernel): { $weight } — the formula's 1.8: °F rises this much per °C.
weights-bias = Bias: { $bias } — the formula's 32: the °F at 0 °C.
weights-line = The model computes f = { $weight }·c + { $bias }.
weights-normalized-kernel = Weight (kernel): { $weight } — °F per σ of °C: the Normalization layer in front divides the °C by σ = { $sigma }.
weights-normalized-bias = Bias: { $bias } — the °F at the mean °C ({ $mean }), where the normalized °C is 0.
weights-normalized-line = The model computes f = { $weight }·(c − { $mean }) ÷ { $sigma } + { $bias }, which is f = { $slope }·c + { $intercept } in °C (the formula: 1.8·c + 32).
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
plot-tune-title = Your line: move it onto the points
plot-tune-line = Your line
plot-formula = Formula: f = 1.8·c + 32
plot-data = Training data
plot-race-title = Learning-rate race
plot-landscape-title = Loss over weight and bias
plot-weight = Weight (°F per °C)
plot-bias = Bias (°F)
plot-weight-normalized = Weight (°F per σ of °C, behind the Normalization)
plot-bias-normalized = Bias (°F at the mean °C)
plot-minimum = Best line (lowest loss)
plot-start = Start
plot-end = End

# --- inline: inline mode, `@bot 100` in any chat (bot/features/inline.py) ---

## Inline mode

inline-title = { $celsius } °C → { $model } °F
inline-description-shared = formula: { $formula } °F, error { $error } · the shared model
inline-description-own = formula: { $formula } °F, error { $error } · your own model
inline-message-shared = 🌡 { $celsius } °C → { $model } °F, as a small neural network learned it from examples (the formula gives { $formula } °F).
inline-message-own = 🌡 { $celsius } °C → { $model } °F, as my own neural network learned it from examples (the formula gives { $formula } °F).
inline-title-f = { $fahrenheit } °F → { $model } °C
inline-title-f-none = { $fahrenheit } °F → no °C gives it
inline-several = its curve meets it { $count } times
inline-description-f-shared = formula: { $formula } °C · the shared model, inverted
inline-description-f-own = formula: { $formula } °C · your own model, inverted
inline-message-f-shared = 🌡 { $fahrenheit } °F → { $model } °C, read backwards from a small neural network that learned only °C → °F from examples (the formula gives { $formula } °C).
inline-message-f-own = 🌡 { $fahrenheit } °F → { $model } °C, read backwards from my own neural network, which learned only °C → °F from examples (the formula gives { $formula } °C).
inline-message-f-none-shared = 🌡 { $fahrenheit } °F: a small neural network that learned only °C → °F from examples gives it for no °C (the formula says { $formula } °C).
inline-message-f-none-own = 🌡 { $fahrenheit } °F: my own neural network, which learned only °C → °F from examples, gives it for no °C (the formula says { $formula } °C).
inline-button-train = Train your own model
inline-button-own = Train your model further
inline-button-hint = Type a temperature, e.g. 100 or 212F
inline-button-too-many = At most { $max } temperatures at a time

## /stats (operators)

stats =
    Sessions: { $sessions } ({ $trained } trained)
    Trainings: { $trainings } ({ $running } running now)
    Uptime: { $hours } h { $minutes } min
    Memory (RSS): { $memory } MB
stats-workers = Workers: { $workers } on the shared PostgreSQL database (uptime and memory: this one's)

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
step-momentum = SGD with momentum { $momentum }: the bias's velocity is { $momentum } × its last velocity ({ $previous }) − lr × gradient ({ $lr } × { $gradient }) = { $velocity }, and the bias moves by its velocity ({ $update }); plain gradient descent would move it { $plain }.
step-nesterov = Nesterov's momentum { $momentum }: the bias's velocity is { $momentum } × { $previous } − lr × gradient = { $velocity }, and the bias moves { $momentum } × that velocity − lr × gradient ({ $update }), a look ahead along the velocity; plain gradient descent would move it { $plain }.
step-between = Epochs { $first }–{ $last }: loss { $before } → { $after }
step-between-line = Epochs { $first }–{ $last }: loss { $before } → { $after }; weight { $weight }, bias { $bias } in all
step-between-one = Epoch { $first }: loss { $before } → { $after }
step-between-line-one = Epoch { $first }: loss { $before } → { $after }; weight { $weight }, bias { $bias }
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
why-training-curve = Its hidden layers bend the line, so training can take its loss below the best straight line's { $best } and its answers away from that line: outside the examples a bend can land anywhere.
why-sgd-stable = Plain gradient descent (sgd) is stable on this data only below lr { $max_lr } (2 ÷ the largest eigenvalue of the loss's Hessian); this chat's lr { $lr } is below it. Adam scales its own steps to about the learning rate an epoch, which is why it copes with rates far above that limit.
why-momentum-stable = With momentum { $momentum } (this chat's sgd), the limit grows to 2 × (1 + { $momentum }) ÷ the largest eigenvalue = { $limit }: the velocity averages the zig-zag across the valley away. This chat's lr { $lr } is below it.
why-momentum-unstable = With momentum { $momentum } (this chat's sgd), the limit grows to 2 × (1 + { $momentum }) ÷ the largest eigenvalue = { $limit }, and this chat's lr { $lr } is above it: it would explode too.
why-nesterov-stable = Nesterov's momentum { $momentum } (this chat's sgd) looks ahead before it steps, which lowers its limit to 2 × (1 + { $momentum }) ÷ ((1 + 2 × { $momentum }) × the largest eigenvalue) = { $limit }. This chat's lr { $lr } is below it.
why-nesterov-unstable = Nesterov's momentum { $momentum } (this chat's sgd) looks ahead before it steps, which lowers its limit to 2 × (1 + { $momentum }) ÷ ((1 + 2 × { $momentum }) × the largest eigenvalue) = { $limit }, and this chat's lr { $lr } is above it: it would explode.
why-updates = { $epochs } epochs are { $epochs } updates, not { $epochs } × { $examples } = { $product }: Keras's default batch_size=32 holds all { $examples } examples, so each epoch is one batch and one step. /train batch=1 makes it { $product } updates, one example each: more steps, noisier.
why-updates-large = Here every epoch is one update on all { $examples } examples, so { $epochs } epochs are { $epochs } updates, not { $epochs } × { $examples } = { $product }; Keras's default batch_size=32 would make { $keras }. /train batch=1 makes it { $product } updates, one example each.
why-sgd-unstable = Plain gradient descent (sgd) is stable on this data only below lr { $max_lr } (2 ÷ the largest eigenvalue of the loss's Hessian): with this chat's lr { $lr }, { $ratio }× that, sgd would explode. Adam scales its own steps to about the learning rate an epoch, which is why it copes with rates far above that limit.

## Reading the loss curve (one line under each training)

reading-falling = Still falling fast: train more, /train 500.
reading-levelled-best = Levelled off near the best these points allow (loss { $best }).
reading-levelled = Levelled off at loss { $loss }, far above the { $best } the best line for these points reaches: try a smaller learning rate (/lr x0.1).
reading-levelled-curve = Levelled off at loss { $loss }.
reading-unstable = Rising or oscillating: the learning rate is too large — try /train lr={ $lr }.
reading-stuck = Stuck: its units output 0 for every input — /train seed=1 or a smaller learning rate.
best-line = Best line for these points: { $slope }·c + { $intercept } (the model: weight { $dw }, bias { $db } from it).

## /weights: the line behind the numbers

weights-best = The best line for this chat's points (least squares) is f = { $slope }·c + { $intercept }; the model's weight is { $dw } and its bias { $db } from it.
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

## /landscape

landscape-head = ⛰ The loss over weight and bias is a valley { $ratio } times steeper across than along: the Hessian's eigenvalues are { $steep } and { $flat }.
landscape-meaning = Across it (mostly the weight) the loss climbs fast, so a big step overshoots: plain SGD is stable only below lr { $limit }. Along it (mostly the bias) the floor is nearly flat, so the bias crawls. Its lowest point is the best line, { $weight }·c + { $bias } (★).
landscape-path = The last training's path: { $epochs } epochs, from weight { $w0 }, bias { $b0 } to weight { $w1 }, bias { $b1 }; { $across } % of the way across the valley and { $along } % of the way along it are still to go.
landscape-crossings = It overshot the valley floor { $crossings } { $crossings ->
        [one] time
       *[other] times
    }, zigzagging across.
landscape-no-crossings = It never overshot the valley floor.
landscape-shared = This is the shared model's training: /train draws this chat's own path.
landscape-no-path = No training path is recorded for this model yet: /train, then /landscape again.
landscape-dense1 = /landscape draws the loss over one weight and one bias: the lesson's single Dense(1). This network has { $count } parameters, too many dimensions for one picture: /layers none first, or /plot for its loss curve.
landscape-compare-head = ⛰ Four optimizers, { $epochs } epochs each from the same start (weight { $w0 }, bias { $b0 }), ranked by how close to the lowest point they ended:
landscape-compare-run = { $rank }. { $name }: loss { $loss }, { $along } % of the way along the valley still to go
landscape-compare-diverged = { $rank }. { $name }: diverged
landscape-compare-why = Plain SGD must keep its steps small for the steep side (lr { $sgd }, just under its limit { $limit }) and so crawls along the flat one; momentum 0.9 at the same rate builds up speed along the valley (and raises the limit to { $momentum_limit }); RMSprop and Adam size each parameter's step by its own gradients, so the flat bias moves about as fast as the steep weight.
landscape-compare-why-round = On a round bowl every direction is as steep: plain SGD just under its limit (lr { $sgd }, limit { $limit }) heads straight down, and momentum 0.9 (limit { $momentum_limit }) adds little. Adam moves each parameter about its learning rate a step whatever the slope: at 0.1 the normalized weight's way to the bottom is about { $steps } steps.
usage-landscape_usage = Usage: /landscape (this chat's valley and its last training's path) or /landscape compare (four optimizers from one start).
landscape-round-head = ⛰ Over the normalized weight and bias the loss is a round bowl: the Hessian's eigenvalues are { $steep } and { $flat } (ratio { $ratio }).
landscape-round-meaning = The Normalization layer in front scales the °C to mean 0 and spread 1, so every direction is about as steep and one learning rate suits both parameters: plain SGD is stable below lr { $limit }. Its lowest point is the best line, { $weight }·z + { $bias } over the normalized °C z (★; ✚ is the formula's).
landscape-no-valley = These points have fewer than two different °C, so every line through them fits as well: there is no single lowest point to draw. /data reset brings the lesson's back.

## /race

race-head = A race of { $epochs } epochs from the same starting weights (this chat's model is unchanged):
race-run = { $name }: loss { $first } → { $last }
race-run-diverged = { $name }: diverged at epoch { $epoch }
race-winner = Winner: { $name } (loss { $loss }).
race-no-winner = Every run diverged: try smaller learning rates, e.g. /race 0.0001 0.001.
race-name-lr = lr { $lr }
race-name-optimizer = { $optimizer } (lr { $lr })
race-name-batch = batch { $size } ({ $updates ->
        [one] { $updates } update
       *[other] { $updates } updates
    } an epoch)
race-name-full-batch = all examples (1 update an epoch)
race-legend = { $name }: { $loss }
race-legend-diverged = { $name }: diverged at { $epoch }

## Plain sentences (bot/features/talk.py): a temperature, °F run backwards, a request

# Under a reply to a sentence: the command it stood for, so the learner can type it next time.
sentence-command = ⌨ As a command: { $command }
sentence-hint =
    I didn't understand that. Tell me a temperature (37, 212 °F, minus 40) or ask me something: train it, show the weights, why not 212?
    /help lists what I can do.
button-ask-100 = 🌡 100 °C → °F?
button-train = ▶ Train it
button-help = 📖 Help
# °F → °C: the model learned only °C → °F; the bot runs it backwards.
inverse-line = { $fahrenheit } °F → { $celsius } °C (formula { $formula })
inverse-several = { $fahrenheit } °F → { $celsius } °C: the network's curve reaches it { $count } times (formula { $formula })
inverse-none = { $fahrenheit } °F → none: the network's curve never reaches { $fahrenheit } °F between −1,000,000 and 1,000,000 °C (formula { $formula })
inverse-note-line = The model learned only °C → °F; this runs its line backwards: c = (f − { $bias }) / { $weight }.
inverse-note-curve = The model learned only °C → °F; for a network I search its curve for the °C that gives each value.

## Console mode

console-banner = Console mode (no TELEGRAM_BOT_TOKEN set): type commands like /convert 100, /lang zh, /quit to leave.
console-loading = Loading the model (TensorFlow)…
console-image = [image: { $path }]
console-file = [file: { $path }]
console-quiz-how = Type the number of your answer (1–{ $count }).
console-quiz-right = ✅ Right!
console-quiz-wrong = ❌ Not quite: the answer is { $answer }.

## Classroom: /challenge, /guess, /reveal

challenge-ask =
    🎯 Predict the model! What does this chat's model answer for { $celsius } °C?
    Answer with /guess and a number in °F, or reply to this message with one. { $seconds } s to go; /reveal ends it sooner.
challenge-noted = Noted: { $name } guesses { $fahrenheit } °F.
challenge-noted-all = 👍 Guesses noted.
challenge-result = 🎯 Round over: for { $celsius } °C the model answers { $model } °F (the formula: { $formula } °F).
challenge-place-winner = 🏆 { $place }. { $name }: { $guess } °F, { $off } from the model's (+{ $points })
challenge-place = { $place }. { $name }: { $guess } °F, { $off } from the model's (+{ $points })
challenge-more = … and { $count } more
challenge-nobody = Nobody guessed this time.
challenge-no-answer = 🎯 Round over: for { $celsius } °C the model has no answer (it diverged), so nobody scores. The formula says { $formula } °F; /reset or a smaller learning rate brings the model back.
challenge-why-exact = Why so close: at { $celsius } °C its line meets the formula ({ $off } °F).
challenge-why-curve = Why the model is { $off } °F from the formula: its hidden { $activation } layers bend the line, and at { $celsius } °C the bend lands there.
challenge-why-line = Why the model is { $off } °F from the formula: its weight is { $weight } (formula 1.8) and its bias { $bias } (formula 32); at { $celsius } °C the weight adds { $dw } and the bias { $db }.

## Classroom: /score

score-head = 🏆 Scoreboard (challenges: 3, 2 and 1 points for the closest guesses; quizzes: 1 point a right answer):
score-line = { $rank }. { $name }: { $points }
score-empty = No points yet: /challenge and /quiz earn them.
score-reset = Scoreboard cleared ({ $count } members had points).
score-admins-out = The group's admins watch and score nothing; /score admins on lets them play.
score-admins-play = The group's admins now play: their guesses and quiz answers score. /score admins off to watch again.
score-admins-watch = The group's admins now watch: their guesses are refused and quiz answers score nothing. /score admins on to play.

## Classroom: /preset and /start <code>

preset-saved = 📦 Preset saved: { $summary }
preset-link = Share this link: { $link }
preset-paste = Or paste this in a group (or any chat with me): { $command }
preset-loaded =
    📦 Preset loaded: { $summary }
    The model is untrained: /convert 100 shows where it starts, /train trains it.
preset-summary = { $points } examples, { $layers }, { $optimizer } at lr { $lr }, { $epochs } epochs, seed { $seed }

## Classroom: /tune

tune-head = 🎮 You are the optimizer: move the line until its loss reaches the goal, as close to the best these examples allow as a picture shows.
tune-start-model = It starts from this chat's model.
tune-start-fresh = It starts from a fresh Dense(1), as Keras makes one: a random weight and bias 0.
tune-state =
    Line: weight { $weight }, bias { $bias } · steps { $weight_step } and { $bias_step }
    Loss { $loss } · goal { $goal } · presses { $presses }
tune-by = { $name } { $move }
tune-recent = Last presses: { $moves }
tune-keep-hint = Press Keep to put this line into the chat's model; otherwise the model stays as it was.
tune-kept = ✅ Kept: this chat's model is now { $weight }·c + { $bias }.
tune-result = 🏁 { $presses } presses to reach loss { $loss } (best possible { $best }). Adam at lr 0.1 needs { $epochs } epochs from the same start to get as close.
tune-result-adam-never = 🏁 { $presses } presses to reach loss { $loss } (best possible { $best }). Adam at lr 0.1 does not get as close within { $max } epochs.
tune-result-plain = 🏁 { $presses } presses to reach loss { $loss } (best possible { $best }).
tune-result-untouched = 🏁 Ended before anyone pressed: the line stays where it started (loss { $loss }).
tune-pressed = { $move }: loss { $loss }
tune-weight-down = weight −
tune-weight-up = weight +
tune-weight-finer = weight step ÷4
tune-bias-down = bias −
tune-bias-up = bias +
tune-bias-finer = bias step ÷4
tune-steps-up = both steps ×4
tune-done = ✔ Done
tune-keep = 💾 Keep

## Classroom: what can't be done

game-challenge_open = A challenge is already open here: /guess, or /reveal to end it.
game-no_challenge = No challenge is open: /challenge starts one.
game-round_over = This round is over: /challenge starts a new one.
game-seconds_range = A round lasts { $min } to { $max } seconds, e.g. /challenge 100 30s.
game-not_starter = Only the one who started the challenge or a group admin can reveal it early; it reveals by itself when the time is up.
game-starter_plays = You started this round, so the class guesses: /reveal ends it when you like.
game-admins_watch = Admins run the class and don't guess, so the points stay the students'. /score admins on lets admins play.
game-answer_hidden = 🎯 The open round asks what the model answers for { $celsius } °C: /{ $command } would give it away in the group. It works again after /reveal.
game-no_tune = No game is running: /tune starts one.
game-tune_over = This game is over: /tune starts a new one.
game-tune_playing = The game is still on: press Done first, then Keep saves its line into the model.
game-tune_dense1 = /tune is for the lesson's single Dense(1), one weight and one bias. This chat has hidden layers: /layers none first.
game-no_preset = No preset has this code: ask for a fresh link (/preset makes one).
game-bad_preset = That is not a preset code: a code is 10 letters, digits, - or _, as /preset gives it.

## Classroom: /quiz (questions ≤ 300 characters, options ≤ 100, explanations ≤ 200)

quiz-model-question = What does this chat's model answer for { $celsius } °C?
quiz-model-explanation = Its line gives { $model }. The formula says { $formula } °F, but the model learned from rounded examples, so it is a little off.
quiz-weights-321-question = A dense network with layers of 3, 2 and 1 units: how many weights does it have, not counting the biases?
quiz-weights-321-explanation = 3 × 2 connections into the second layer plus 2 × 1 into the last: 6 + 2 = 8 weights. With the 3 biases it would be 11 numbers.
quiz-parameters-question = How many numbers does this chat's network ({ $layers }) learn, weights and biases together?
quiz-parameters-explanation = { $weights } weights and { $biases } biases: { $total } numbers, and every training adjusts them all.
quiz-sgd-question = Plain SGD on this chat's data: which learning rate makes the loss blow up?
quiz-sgd-explanation = Here SGD is stable below about { $limit } (2 over the loss's steepest curvature), so { $rate } overshoots further every epoch. Adam scales its steps and copes.
quiz-examples-question = How many examples does this chat's model learn from?
quiz-examples-explanation = { $count } pairs of °C and °F (/data shows them). Every epoch looks at all of them once.
quiz-updates-question = This chat's { $count } examples fit in one batch. How many updates does /train { $epochs } make?
quiz-updates-explanation = One batch an epoch is one update: { $epochs } epochs, { $epochs } updates, not { $epochs } × { $count } = { $product }. /train epochs={ $epochs } batch=1 would make { $product }.
quiz-valley-question = On this chat's data, how many times steeper is the loss valley across than along?
quiz-valley-explanation = The Hessian's eigenvalues are { $steep } and { $flat }: a valley { $ratio } times steeper across (mostly the weight) than along (mostly the bias). /landscape draws it.
quiz-momentum-limit-question = SGD with momentum 0.9 on this chat's data: up to which learning rate does it stay stable?
quiz-momentum-limit-explanation = With momentum β the limit is 2(1+β) ÷ the largest eigenvalue: { $limit }, where plain SGD's is { $plain }. /train optimizer=sgd momentum=0.9 lr=0.003 tries it.
quiz-normalized-question = /normalize on scales this chat's °C to mean 0 and spread 1. How many times steeper is the loss valley across than along then?
quiz-normalized-explanation = Normalized °C have mean 0 and mean square 1, so the Hessian's eigenvalues are { $steep } and { $flat }: ratio { $ratio }, a round bowl where one learning rate suits both parameters (without the layer: { $raw }).
quiz-best-weight-question = Which weight fits this chat's examples best (the least-squares line)?
quiz-best-weight-explanation = The best line through these examples is { $slope }·c + { $intercept }: training can bring the model to it, not past it.
quiz-minus-40-question = At which temperature do the Celsius and Fahrenheit scales show the same number?
quiz-minus-40-explanation = 1.8 × (−40) + 32 = −40. That is why −40 is one of the lesson's examples.
quiz-bias-question = What is the bias of a Dense layer for?
quiz-bias-right = It shifts the line up or down (the +32)
quiz-bias-wrong-1 = It sets the slope of the line (the 1.8)
quiz-bias-wrong-2 = It makes training faster
quiz-bias-wrong-3 = It stops the model from overfitting
quiz-bias-explanation = Output = weight × input + bias. Without a bias the line must pass through 0 °C = 0 °F; with one the model can learn the +32.
quiz-weight-question = What does the weight of the lesson's Dense(1) learn?
quiz-weight-right = How many °F one more °C adds (about 1.8)
quiz-weight-wrong-1 = The °F at 0 °C (about 32)
quiz-weight-wrong-2 = How many epochs to train
quiz-weight-wrong-3 = The size of each training step
quiz-weight-explanation = f = weight × c + bias: the weight is the slope. One degree Celsius is 1.8 degrees Fahrenheit, so it learns about 1.8.
quiz-epoch-question = What is one epoch?
quiz-epoch-right = One pass over all the examples
quiz-epoch-wrong-1 = One example, seen once
quiz-epoch-wrong-2 = One second of training
quiz-epoch-wrong-3 = One layer of the network
quiz-epoch-explanation = In each epoch the model sees every example, measures the loss and adjusts its weights once (the lesson trains on the whole batch).
quiz-loss-question = What does the loss mean_squared_error measure?
quiz-loss-right = The average of the squared gaps between answers and examples
quiz-loss-wrong-1 = How many answers are exactly right
quiz-loss-wrong-2 = The largest gap between an answer and an example
quiz-loss-wrong-3 = How long a training takes
quiz-loss-explanation = Each gap is squared, so big misses count a lot, and the squares are averaged. Training brings this number down.
quiz-big-lr-question = What happens when the learning rate is far too large?
quiz-big-lr-right = Every step overshoots: the loss jumps or blows up
quiz-big-lr-wrong-1 = The model learns faster and better
quiz-big-lr-wrong-2 = Nothing: only the number of epochs matters
quiz-big-lr-wrong-3 = The network gets more layers
quiz-big-lr-explanation = The learning rate scales every step. Too big, and each step lands past the lowest point, further each time. Here plain SGD does that above lr { $limit }: /race optimizer { $rate } shows it.
quiz-not-212-question = The best line through the lesson's examples answers { $f100 } °F for 100 °C, not 212. Why?
quiz-not-212-right = Its examples are rounded, so their best line is not exactly 1.8·c + 32
quiz-not-212-wrong-1 = Keras rounds every weight to one decimal
quiz-not-212-wrong-2 = A neural network can never be exact
quiz-not-212-wrong-3 = 100 °C is too hot for the model
quiz-not-212-explanation = 46.4 became 46, 71.6 became 72 and 100.4 became 100: the best line through these examples is { $slope }·c + { $intercept }, and the model learns that.
quiz-linear-layers-question = Why don't hidden layers with the linear activation help this model?
quiz-linear-layers-right = Stacked linear layers are still one straight line
quiz-linear-layers-wrong-1 = Hidden layers only work on images
quiz-linear-layers-wrong-2 = They have no weights
quiz-linear-layers-wrong-3 = They need more examples than there are temperatures
quiz-linear-layers-explanation = Each linear layer multiplies and adds, so a chain of them multiplies out to one weight and one bias. Try /layers 4 4, /train, then /weights.

## Homework: /assign, /start <code>, /report, /followup

hw-menu-group = 📝 Homework: each student opens it in a private chat with me and works with the usual commands; I check the goal after each one, and this group sees one progress message. Tap a task, or /assign <task> [due] with a due time like 30m, 2h or 3d:
hw-menu-private = 📝 Homework I check myself. Tap a task to set it for yourself (or /assign <task>):
hw-menu-line = • { $name } — { $title }: { $goal }
hw-mine-head = Your homework:
hw-mine-none = You have no homework yet: open your teacher's link, or tap a task above.
hw-mine-line = • { $title } (/start { $code }): { $state }
hw-state-done = ✅ done
hw-state-late = ✅ done, late
hw-state-working = ✏️ working — { $trainings } { $trainings ->
        [one] training
       *[other] trainings
    }, { $epochs } epochs so far
hw-state-stuck = ⏸ not touched for a while — { $trainings } { $trainings ->
        [one] training
       *[other] trainings
    }, { $epochs } epochs so far
hw-title-sgd = Plain SGD
hw-title-212 = Exactly 212
hw-title-fast = The best loss, fast
hw-title-deep = Beat the straight line
hw-title-tune = Tune it by hand
hw-title-quiz = Five in a row
hw-goal-sgd = train with optimizer=sgd (no Adam) until the loss is below { $goal }.
hw-goal-212 = make a single Dense(1) answer 100 °C within { $goal } °F of 212.
hw-goal-fast = come within 1 % of the best loss these points allow ({ $goal } or lower) in at most { $epochs } epochs in all.
hw-goal-deep = with hidden layers, bring the loss below the best straight line's: below { $goal }.
hw-goal-tune = win a /tune game in at most { $presses } presses.
hw-goal-quiz = answer { $streak } /quiz questions right in a row.
hw-hint-sgd = Start with /train optimizer=sgd and watch what the learning rate does; /why and /lr help.
hw-hint-212 = /convert 100 shows where you stand; more epochs, another rate, or another data point may help.
hw-hint-fast = /train 500 would spend the whole budget: think about the learning rate first (/race helps).
hw-hint-deep = /layers adds hidden layers (e.g. /layers 16 tanh); then /train, and /plot to see the loss.
hw-hint-tune = /tune starts a game; every press counts.
hw-hint-quiz = /quiz asks a question; a wrong answer starts the count again.
hw-what-sgd = Plain SGD brought the loss to { $value } (goal: below { $goal }).
hw-what-212 = Your model answers { $answer } °F for 100 °C: { $value } °F from 212 (goal: within { $goal }).
hw-what-fast = Loss { $value } after { $epochs } epochs (goal: { $goal } or lower within { $budget } epochs).
hw-what-deep = { $layers } reached a loss of { $value }, below the best straight line's (goal: below { $goal }).
hw-what-tune = You won /tune in { $value } presses (goal: at most { $goal }).
hw-what-quiz = { $value } answers right in a row.
hw-when = { $when } UTC
hw-due = ⏰ Due { $when }.
hw-no-due = No due time.
hw-posted-head = 📝 Homework: { $title }
hw-posted-open = Open it in a private chat with me with the button, or send me /start { $code } there.
hw-button-open = 📝 Open it in a private chat
hw-progress = { $done } of { $students } done · { $working } working · { $stuck } stuck · { $not_opened } not opened
hw-progress-late = ({ $late } late)
hw-open-in-private = Homework is worked in a private chat with me, so the group isn't flooded: tap the button, or send me /start { $code } there.
hw-opened-head = 📝 { $title }: your task is to
hw-opened-setup = Set up for it: { $summary }.
hw-opened-again = You did this one already; it is set up afresh, to practise.
hw-off-task = This training used { $optimizer }: the task counts only plain SGD. /start { $code } sets it up again.
hw-spent = You have spent the { $budget } epochs without reaching the goal. /start { $code } sets it up again: try another learning rate.
hw-done = ✅ Homework done: { $title }!
hw-done-count = It took { $trainings } { $trainings ->
        [one] training
       *[other] trainings
    } and { $epochs } epochs in all.
hw-done-late = (After the due time: it counts, as late.)
followup-on = Follow-up quizzes are on: a quiz poll a day and a week after each assignment. /followup off stops them.
followup-off = Follow-up quizzes are off. /followup on posts a quiz poll a day and a week after each assignment.
followup-set-on = 🔔 Follow-ups on: a quiz poll here a day and a week after each assignment, on what it practised. Right answers score like /quiz.
followup-set-off = 🔕 Follow-ups off: no more quiz polls after assignments.
followup-head = 📚 Follow-up, day { $day } ({ $title }):
report-file = 📊 The report as a table: { $rows } { $rows ->
        [one] row
       *[other] rows
    } (UTF-8, opens in any spreadsheet).
report-sent = 📬 I sent you the report in our private chat.
report-names-shown = ⚠️ Start a private chat with me to get reports there: this one shows students' names to the group.
report-head = 📊 Homework report: { $count } { $count ->
        [one] assignment
       *[other] assignments
    }
report-assignment = 📝 { $title } · set { $set } UTC · /start { $code }
report-median = To done (median): { $trainings } { $trainings ->
        [one] training
       *[other] trainings
    }, { $epochs } epochs
report-stuck = Stuck: { $names }
report-more = and { $count } more
report-no-homework = 📊 No homework here yet (/assign sets some). Points per student:
report-points-line = • { $name }: { $challenge } from challenges, { $quiz } from quizzes
report-col-user = Telegram user id
report-col-name = Name
report-col-assignment = Assignment
report-col-opened = Opened (UTC)
report-col-done = Done at (UTC) or status
report-col-late = Late
report-col-trainings = Trainings
report-col-epochs = Epochs
report-col-best = Best result
report-col-goal = Goal
report-col-challenge = Challenge points
report-col-quiz = Quiz points
report-col-followup = Follow-ups right
report-status-working = working
report-status-stuck = stuck
report-status-none = not opened
report-yes = yes
report-no = no
usage-assign_usage = Usage: /assign, or /assign <task> [due] with a task of { $tasks } and a due time like 30m, 2h or 3d.
usage-followup_usage = Usage: /followup, /followup on or /followup off.
game-no_task = There is no such task. The tasks: { $tasks } (/assign lists them).
game-bad_due = A due time is a number with m, h or d, like 30m, 2h or 3d (at least 1m, at most { $max }d).
game-no_assignment = This homework link doesn't work: it is mistyped, or its group deleted it. Ask your teacher for the link again.
game-too_many_assignments = This chat already keeps { $max } assignments, the most it can; /forget clears them with everything else.
game-too_much_homework = You already have { $max } unfinished assignments: finish one first (/assign shows them).
game-report_group = /report is for a group's teacher, in the group. Here /assign shows your homework.
forget-homework = Homework: { $assignments } { $assignments ->
        [one] assignment
       *[other] assignments
    }, { $homework } students' work on them, { $members } known { $members ->
        [one] member
       *[other] members
    }.

## /forget

forget-ask = This deletes everything the bot keeps about this chat, for good: its model (data, layers, weights, history, settings, lock and language), its challenge rounds and guesses, its scoreboard, its quizzes and its /tune game, its homework (the assignments it set, the work on them and the members it knew; in a private chat, your own work on any assignment), and the presets it made that no other chat has opened. Sure?
forget-confirm = 🗑 Yes, forget this chat
forget-done = 🗑 Forgotten: { $model ->
        [0] no model of its own
       *[other] its model and settings
    }, { $rounds } challenge { $rounds ->
        [one] round
       *[other] rounds
    } with { $guesses } { $guesses ->
        [one] guess
       *[other] guesses
    }, { $scores } { $scores ->
        [one] score
       *[other] scores
    }, { $quizzes } { $quizzes ->
        [one] quiz
       *[other] quizzes
    }, { $tunes } /tune { $tunes ->
        [one] game
       *[other] games
    } and { $presets } unopened { $presets ->
        [one] preset
       *[other] presets
    }. This chat now starts afresh; presets other chats opened stay theirs.

## When a class asks the same thing at once (a group hears each answer once)

echo-above = ↑ The same answer is just above.
name-separator = {", "}
echo-also = ↑ Also for { $names }{ $more ->
        [0] .
       *[other] {" "}and { $more } more.
    }

## /teach: the 20-minute lesson plan (each command alone on its line, to copy or tap)

teach-heading = 📋 The 20-minute lesson · step { $step } of { $steps }
teach-before =
    Before class (2 min, in this private chat): set the lesson up and share it.
    /data
    /layers none
    /lr 0.1
    /preset
    Paste the /start line that /preset gives you in the group, then send there:
    /lock
    From then on only you start things; the class still guesses, answers and steers.
teach-question =
    Minute 0 · the question. Before anything is trained: what will the model say for 100 °C?
    /challenge 100 45s
    Students answer with /guess 212 or by replying to the question; the reveal ranks them.
teach-training =
    Minute 4 · training. The caption reads the loss curve aloud.
    /train
    /animate
    /weights
    Ask again: the bot picks a temperature where the model and the formula disagree.
    /challenge
    Then talk about why it is not exactly 212:
    /why
teach-optimizer =
    Minute 9 · you are the optimizer. Paste the preset's /start line again: the untrained start, the same for everyone. Then:
    /tune
    The class presses weight and bias until the loss is within { $slack } of the best; [{ $done }] compares their presses with Adam's epochs, [{ $keep }] keeps their line.
teach-rates =
    Minute 14 · learning rates. Four rates on fresh copies of the model, one picture:
    /race
    The same rate for SGD, Adam and RMSprop: which blows up, which crawls?
    /race optimizer 0.01
    One epoch's gradient and update, up close:
    /step
    Where they walk: the valley, and four optimizers from one start (momentum, at plain SGD's rate, gets further along it):
    /landscape compare
teach-quiz =
    Minute 17 · quiz. Two or three polls (each closes the one before), then the day's winners:
    /quiz
    /score
    Before the next class:
    /score reset
teach-group = 📋 The 20-minute lesson plan, step by step, is in a private chat with me: tap below.
button-teach-open = 📋 Open the plan
button-teach-back = ◀ Step { $step }
button-teach-next = Step { $step } ▶
