"""the journal entry behind each stock movement of the till

Sales, voids and returns name their journal entry on the stock movements they write: a recall finds
the sales of a lot, and the sync ties each movement to its entry. No foreign key: the journal lives in
the till's room, the ledger in the shared stock room.

Revision ID: 0003_tillstock
Revises: 0003_registry
Create Date: 2026-11-29 05:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_tillstock'
down_revision = '0003_registry'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('journal_entry_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stock_movement_journal_entry_id'), ['journal_entry_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_movement_journal_entry_id'))
        batch_op.drop_column('journal_entry_id')
