"""`make bench`: speed figures as JSON lines, each a ratio against a baseline from the same run."""
