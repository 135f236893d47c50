"""Storage: SQLModel tables, repositories and row<->domain mapping."""

from advocate.store import access_tables, advice_tables, tables  # noqa: F401  (every table)
