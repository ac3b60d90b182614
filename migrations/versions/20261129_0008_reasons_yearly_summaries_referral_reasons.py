"""yearly summaries, referral reasons

The yearly summaries replace the monthly household one; every summary is emptied (with the cursors),
so the next `reports refresh` sums everything again and the yearly tables start complete.

Revision ID: 0008_reasons
Revises: 0007_collectes
Create Date: 2026-11-29 11:01:11.121628
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008_reasons'
down_revision = '0007_collectes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_entries_year',
    sa.Column('year', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('shop', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('entries', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('year', 'site_id', 'shop', 'kind', name=op.f('pk_report_entries_year'))
    )
    op.create_table('report_household_year',
    sa.Column('year', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'site_id', 'household_id', name=op.f('pk_report_household_year'))
    )
    op.create_table('report_sales_year',
    sa.Column('year', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('shop', sa.String(length=16), nullable=False),
    sa.Column('food_group', sa.String(length=40), nullable=False),
    sa.Column('fse_plus', sa.Boolean(), nullable=False),
    sa.Column('lines', sa.BigInteger(), nullable=False),
    sa.Column('grams', sa.BigInteger(), nullable=False),
    sa.Column('market_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('year', 'site_id', 'shop', 'food_group', 'fse_plus', name=op.f('pk_report_sales_year'))
    )
    op.create_table('report_stock_year',
    sa.Column('year', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('food_group', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('movements', sa.BigInteger(), nullable=False),
    sa.Column('grams', sa.BigInteger(), nullable=False),
    sa.Column('market_value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('year', 'site_id', 'food_group', 'kind', 'reason', 'source', name=op.f('pk_report_stock_year'))
    )
    op.drop_table('report_household_month')
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referral_reasons', sa.String(length=200), server_default='', nullable=False))
    for table in ('report_sales_day', 'report_entries_day', 'report_tenders_day', 'report_household_day',
                  'report_household_first', 'report_stock_day', 'report_cursor'):
        op.execute(f'DELETE FROM {table}')


def downgrade() -> None:
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('referral_reasons')

    op.create_table('report_household_month',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'site_id', 'household_id', name=op.f('pk_report_household_month'))
    )
    op.drop_table('report_stock_year')
    op.drop_table('report_sales_year')
    op.drop_table('report_household_year')
    op.drop_table('report_entries_year')
    op.execute('DELETE FROM report_cursor')
