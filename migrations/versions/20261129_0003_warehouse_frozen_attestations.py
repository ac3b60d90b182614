"""frozen donor attestations, one live per donor and period; intake value may be undeclared

Issued attestations keep their figures and PDF; a correction cancels the one it replaces.
An intake line's declared value is NULL when the donor declared none (never the retail price).

Revision ID: 0003_warehouse
Revises: 0003_tillscreens
Create Date: 2026-11-29 05:55:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import gers.db


revision = '0003_warehouse'
down_revision = '0003_tillscreens'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('donor_attestation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('pdf', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('replaces_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', gers.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=400), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_donor_attestation_replaces_id_donor_attestation'),
                                    'donor_attestation', ['replaces_id'], ['id'])
        batch_op.create_index('uq_donor_attestation_live_period', ['donor_id', 'period_start', 'period_end'],
                              unique=True, sqlite_where=sa.text('cancelled_at IS NULL'),
                              postgresql_where=sa.text('cancelled_at IS NULL'))
    with op.batch_alter_table('donor_attestation', schema=None) as batch_op:
        batch_op.alter_column('cancel_reason', server_default=None)
    with op.batch_alter_table('intake_line', schema=None) as batch_op:
        batch_op.alter_column('unit_value', existing_type=sa.Numeric(precision=12, scale=2), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('intake_line', schema=None) as batch_op:
        batch_op.alter_column('unit_value', existing_type=sa.Numeric(precision=12, scale=2), nullable=False)
    with op.batch_alter_table('donor_attestation', schema=None) as batch_op:
        batch_op.drop_index('uq_donor_attestation_live_period')
        batch_op.drop_constraint(batch_op.f('fk_donor_attestation_replaces_id_donor_attestation'),
                                 type_='foreignkey')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('replaces_id')
        batch_op.drop_column('pdf')
        batch_op.drop_column('figures')
