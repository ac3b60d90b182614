"""reports summaries and settings

Revision ID: 0006_reports
Revises: 0006_shop
Create Date: 2026-11-29 08:08:22.543223
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import gers.db


revision = '0006_reports'
down_revision = '0006_shop'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_household_first',
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('household_id', name=op.f('pk_report_household_first'))
    )
    op.create_table('report_household_month',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'site_id', 'household_id', name=op.f('pk_report_household_month'))
    )
    op.create_table('report_cursor',
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('journal_sequence', sa.BigInteger(), nullable=False),
    sa.Column('movements_until', gers.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_report_cursor'))
    )
    op.create_table('report_entries_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('shop', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('entries', sa.BigInteger(), nullable=False),
    sa.Column('grams', sa.BigInteger(), nullable=False),
    sa.Column('market_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('allowance_used', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('day', 'site_id', 'shop', 'kind', name=op.f('pk_report_entries_day'))
    )
    op.create_table('report_household_day',
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('market_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('allowance_used', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('household_id', 'day', 'site_id', name=op.f('pk_report_household_day'))
    )
    with op.batch_alter_table('report_household_day', schema=None) as batch_op:
        batch_op.create_index('ix_report_household_day_day_site', ['day', 'site_id'], unique=False)

    op.create_table('report_sales_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('shop', sa.String(length=16), nullable=False),
    sa.Column('food_group', sa.String(length=40), nullable=False),
    sa.Column('fse_plus', sa.Boolean(), nullable=False),
    sa.Column('lines', sa.BigInteger(), nullable=False),
    sa.Column('grams', sa.BigInteger(), nullable=False),
    sa.Column('market_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('day', 'site_id', 'shop', 'food_group', 'fse_plus', name=op.f('pk_report_sales_day'))
    )
    op.create_table('report_settings',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('small_cell_min', sa.Integer(), nullable=False),
    sa.Column('age_bounds', sa.String(length=60), nullable=False),
    sa.Column('absent_days', sa.Integer(), nullable=False),
    sa.Column('cover_days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_report_settings'))
    )
    op.create_table('report_stock_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('food_group', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('movements', sa.BigInteger(), nullable=False),
    sa.Column('units', sa.BigInteger(), nullable=False),
    sa.Column('grams', sa.BigInteger(), nullable=False),
    sa.Column('market_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('day', 'site_id', 'food_group', 'kind', 'reason', 'source', name=op.f('pk_report_stock_day'))
    )
    op.create_table('report_tenders_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('shop', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('tenders', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('day', 'site_id', 'shop', 'method', name=op.f('pk_report_tenders_day'))
    )


def downgrade() -> None:
    op.drop_table('report_household_month')
    op.drop_table('report_household_first')
    op.drop_table('report_tenders_day')
    op.drop_table('report_stock_day')
    op.drop_table('report_settings')
    op.drop_table('report_sales_day')
    with op.batch_alter_table('report_household_day', schema=None) as batch_op:
        batch_op.drop_index('ix_report_household_day_day_site')

    op.drop_table('report_household_day')
    op.drop_table('report_entries_day')
    op.drop_table('report_cursor')
