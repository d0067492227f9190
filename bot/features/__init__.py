"""What the bot does, free of any transport: the command table, who may use each command, and one
module per feature (the lesson, /race, /challenge, /quiz, /tune, presets, /score, /forget)."""
