"""The bot's state and the processes' coordination: connections to SQLite (one process, the
embedded default) or PostgreSQL (DATABASE_URL, any number of workers), the schema migrations,
the sessions', the classroom's and homework's tables (storage.sessions, storage.classroom,
storage.homework), and the coordination of the workers (storage.coordination). The model and
the classroom never import this package: they declare what they need (model.ports,
classroom.ports) and the bot hands them these implementations."""

from .errors import StorageError, StoreError

__all__ = ["StorageError", "StoreError"]
