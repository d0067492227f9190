"""The classroom: a group chat's games around its model — challenges, quizzes, the scoreboard,
tuning by hand — and the presets a teacher shares. No Telegram and no TensorFlow here; the games
read the model through numbers the bot layer hands in, and keep their state in their own tables
of the bot's SQLite file."""
