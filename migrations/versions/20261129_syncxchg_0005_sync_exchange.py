"""sync exchange: change journal (outbox on a node, change log on central), node state, node status

Revision ID: 0005_syncxchg
Revises: 0004_synctrust
Create Date: 2026-11-29 07:54:16.170410
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import gers.db


revision = '0005_syncxchg'
down_revision = '0004_synctrust'
branch_labels = None
depends_on = None


OLD_REASONS = ('malformed', 'unknown_node', 'revoked_node', 'clock_skew', 'altered_body', 'bad_signature',
               'replayed_nonce')
NEW_REASONS = (*OLD_REASONS, 'foreign_row', 'bad_batch')


def _reasons(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name='sync_refusal_reason', native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table('sync_refusal', schema=None) as batch_op:
        batch_op.alter_column('reason', existing_type=_reasons(OLD_REASONS), type_=_reasons(NEW_REASONS),
                              existing_nullable=False)
    op.create_table('sync_change',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('at', gers.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_change'))
    )
    op.create_table('sync_counter',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sync_counter'))
    )
    # The one counter that numbers change batches in commit order (gers/changes.py).
    op.bulk_insert(sa.table('sync_counter', sa.column('name', sa.String), sa.column('value', sa.BigInteger)),
                   [{'name': 'changes', 'value': 0}])
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state')),
    info={'sync': 'node_only'}
    )
    with op.batch_alter_table('sync_node', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_push_at', gers.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_pull_at', gers.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('pushed_position', sa.String(length=40), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('backlog', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('silence_alert_hours', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pulled_seq', sa.BigInteger(), nullable=True))
    op.create_table('sync_share_increase',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('share_id', sa.Uuid(), nullable=False),
    sa.Column('target_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('after_seq', sa.BigInteger(), nullable=False),
    sa.Column('waits_for', sa.Text(), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('applied_at', gers.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['share_id'], ['allowance_grant_share.id'], name=op.f('fk_sync_share_increase_share_id_allowance_grant_share'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_share_increase')),
    info={'central_only': True}
    )
    with op.batch_alter_table('sync_share_increase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_share_increase_applied_at'), ['applied_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_share_increase_share_id'), ['share_id'], unique=False)



def downgrade() -> None:
    op.drop_table('sync_share_increase')
    with op.batch_alter_table('sync_node', schema=None) as batch_op:
        batch_op.drop_column('pulled_seq')
        batch_op.drop_column('silence_alert_hours')
        batch_op.drop_column('backlog')
        batch_op.drop_column('pushed_position')
        batch_op.drop_column('last_pull_at')
        batch_op.drop_column('last_push_at')

    with op.batch_alter_table('sync_refusal', schema=None) as batch_op:
        batch_op.alter_column('reason', existing_type=_reasons(NEW_REASONS), type_=_reasons(OLD_REASONS),
                              existing_nullable=False)
    op.drop_table('sync_state')
    op.drop_table('sync_counter')
    op.drop_table('sync_change')
