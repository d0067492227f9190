"""The Telegram layer: thin handlers over the model service, and a console mode."""
