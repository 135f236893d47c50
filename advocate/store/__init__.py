"""Storage: SQLModel tables, repositories and row<->domain mapping."""

from advocate.store import access_tables, tables  # noqa: F401  (register every table)
