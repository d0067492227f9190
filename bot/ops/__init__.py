"""The operator's kit: `c2f-bot check`, `c2f-bot backup`, the metrics endpoint, token-safe logs."""
