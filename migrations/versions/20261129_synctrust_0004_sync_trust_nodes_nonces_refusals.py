"""sync trust: nodes, nonces, refusals

Revision ID: 0004_synctrust
Revises: 0004_authsec
Create Date: 2026-11-29 06:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import gers.db


revision = '0004_synctrust'
down_revision = '0004_authsec'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_refusal',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('refused_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('node_code', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Enum('malformed', 'unknown_node', 'revoked_node', 'clock_skew', 'altered_body', 'bad_signature', 'replayed_nonce', name='sync_refusal_reason', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_refusal')),
    info={'central_only': True}
    )
    with op.batch_alter_table('sync_refusal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_refusal_refused_at'), ['refused_at'], unique=False)

    op.create_table('sync_node',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('enrolled_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', gers.db.UTCDateTime(), nullable=True),
    sa.Column('last_seen_at', gers.db.UTCDateTime(), nullable=True),
    sa.Column('clock_offset_seconds', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_sync_node_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_node')),
    info={'central_only': True}
    )
    with op.batch_alter_table('sync_node', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_node_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_node_site_id'), ['site_id'], unique=False)

    op.create_table('sync_nonce',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('expires_at', gers.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['sync_node.id'], name=op.f('fk_sync_nonce_node_id_sync_node'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_nonce')),
    sa.UniqueConstraint('node_id', 'nonce', name=op.f('uq_sync_nonce_node_id_nonce')),
    info={'central_only': True}
    )
    with op.batch_alter_table('sync_nonce', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_nonce_expires_at'), ['expires_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sync_nonce', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_nonce_expires_at'))

    op.drop_table('sync_nonce')
    with op.batch_alter_table('sync_node', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_node_site_id'))
        batch_op.drop_index(batch_op.f('ix_sync_node_code'))

    op.drop_table('sync_node')
    with op.batch_alter_table('sync_refusal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_refusal_refused_at'))

    op.drop_table('sync_refusal')
