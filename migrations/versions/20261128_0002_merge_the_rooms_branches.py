"""merge the rooms' branches

The households, stock and till rooms grew their schemas on separate branches; from here on the
history is one line again, so `alembic upgrade head` works as usual.

Revision ID: 0002
Revises: households_0001, pos_0001, stock_0002
Create Date: 2026-11-28 13:04:54.106301
"""
from __future__ import annotations


revision = '0002'
down_revision = ('households_0001', 'pos_0001', 'stock_0002')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
