"""till: receipts handed to the printer; one open cash session per site

Revision ID: 0003_tillscreens
Revises: 0003_tillstock
Create Date: 2026-11-29 05:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import gers.db


revision = '0003_tillscreens'
down_revision = '0003_tillstock'
branch_labels = None
depends_on = None

OPEN_SESSION = sa.text('closed_at IS NULL')


def upgrade() -> None:
    op.create_table('receipt_print',
    sa.Column('entry_id', sa.Uuid(), nullable=False),
    sa.Column('duplicate', sa.Boolean(), nullable=False),
    sa.Column('job_id', sa.String(length=64), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_node', sa.String(length=32), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', gers.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_receipt_print_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_print'))
    )
    with op.batch_alter_table('receipt_print', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_print_entry_id'), ['entry_id'], unique=False)
    with op.batch_alter_table('cash_session', schema=None) as batch_op:
        batch_op.create_index('uq_cash_session_one_open', ['site_id'], unique=True,
                              sqlite_where=OPEN_SESSION, postgresql_where=OPEN_SESSION)


def downgrade() -> None:
    with op.batch_alter_table('cash_session', schema=None) as batch_op:
        batch_op.drop_index('uq_cash_session_one_open', sqlite_where=OPEN_SESSION, postgresql_where=OPEN_SESSION)
    with op.batch_alter_table('receipt_print', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_print_entry_id'))
    op.drop_table('receipt_print')
