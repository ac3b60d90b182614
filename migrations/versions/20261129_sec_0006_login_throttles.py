"""login throttles kept on the node (a restart does not reset the growing delays)

Revision ID: 0006_sec
Revises: 0005_syncxchg
Create Date: 2026-11-29 08:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_sec'
down_revision = '0005_syncxchg'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_throttle',
        sa.Column('key_digest', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', sa.DateTime(), nullable=False),
        sa.Column('blocked_until', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key_digest', name=op.f('pk_login_throttle')),
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_last_failure_at'), ['last_failure_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_last_failure_at'))
    op.drop_table('login_throttle')
