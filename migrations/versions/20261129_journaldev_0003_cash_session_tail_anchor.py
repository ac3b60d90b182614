"""cash session: the journal's tail anchor at closing

Revision ID: 0003_journaldev
Revises: 0003_warehouse
Create Date: 2026-11-29 05:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_journaldev'
down_revision = '0003_warehouse'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cash_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cash_session', schema=None) as batch_op:
        batch_op.drop_column('last_hash')
        batch_op.drop_column('last_sequence')
