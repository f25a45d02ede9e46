"""Storage: engine and pragmas, sessions, ORM models, Alembic migrations. No rules, no Qt."""
