"""Storage: SQLModel tables, repositories and row<->domain mapping."""
