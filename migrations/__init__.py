"""Alembic migrations: the only way any schema of Gers Solidaire is built (tests included)."""
