"""shop: price history, garment prices, cold chain, lot holds, theft loss

Revision ID: 0006_shop
Revises: 0005_kiosk
Create Date: 2026-11-29 08:04:10.905201
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import gers.db


revision = '0006_shop'
down_revision = '0005_kiosk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cold_unit',
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('limit_class', sa.String(length=20), nullable=False),
    sa.Column('location', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_node', sa.String(length=32), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', gers.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_cold_unit_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cold_unit')),
    sa.UniqueConstraint('site_id', 'code', name=op.f('uq_cold_unit_site_id_code'))
    )
    with op.batch_alter_table('cold_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cold_unit_site_id'), ['site_id'], unique=False)

    op.create_table('garment_price',
    sa.Column('garment_type_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=True),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_node', sa.String(length=32), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', gers.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('price >= 0', name=op.f('ck_garment_price_price_not_negative')),
    sa.ForeignKeyConstraint(['garment_type_id'], ['garment_type.id'], name=op.f('fk_garment_price_garment_type_id_garment_type'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_garment_price_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_garment_price'))
    )
    with op.batch_alter_table('garment_price', schema=None) as batch_op:
        batch_op.create_index('ix_garment_price_type_site_day', ['garment_type_id', 'site_id', 'effective_from'], unique=False)

    op.create_table('temperature_reading',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('celsius', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('limit_celsius', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('moment', sa.String(length=20), nullable=False),
    sa.Column('taken_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('out_of_range', sa.Boolean(), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_node', sa.String(length=32), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_temperature_reading_actor_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_temperature_reading_site_id_site'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['cold_unit.id'], name=op.f('fk_temperature_reading_unit_id_cold_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_temperature_reading'))
    )
    with op.batch_alter_table('temperature_reading', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_temperature_reading_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_temperature_reading_unit_id'), ['unit_id'], unique=False)

    op.create_table('product_price',
    sa.Column('product_id', sa.Uuid(), nullable=False),
    sa.Column('market_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_node', sa.String(length=32), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', gers.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('market_price >= 0', name=op.f('ck_product_price_market_price_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_price_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_price'))
    )
    with op.batch_alter_table('product_price', schema=None) as batch_op:
        batch_op.create_index('ix_product_price_product_day', ['product_id', 'effective_from'], unique=True)

    op.create_table('lot_hold',
    sa.Column('lot_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('from_location', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('held_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('released_at', gers.db.UTCDateTime(), nullable=True),
    sa.Column('release_reason', sa.String(length=300), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_node', sa.String(length=32), nullable=False),
    sa.Column('created_at', gers.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', gers.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_lot_hold_actor_id_user_account')),
    sa.ForeignKeyConstraint(['lot_id'], ['lot.id'], name=op.f('fk_lot_hold_lot_id_lot')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_lot_hold_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot_hold'))
    )
    with op.batch_alter_table('lot_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_hold_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_hold_site_id'), ['site_id'], unique=False)

    # Losses may now give theft as their reason: the CHECK of the enum column lists it.
    _loss_reasons(LOSS_REASONS + ("theft",))


def downgrade() -> None:
    _loss_reasons(LOSS_REASONS)
    with op.batch_alter_table('lot_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_hold_site_id'))
        batch_op.drop_index(batch_op.f('ix_lot_hold_lot_id'))

    op.drop_table('lot_hold')
    with op.batch_alter_table('product_price', schema=None) as batch_op:
        batch_op.drop_index('ix_product_price_product_day')

    op.drop_table('product_price')
    with op.batch_alter_table('temperature_reading', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_temperature_reading_unit_id'))
        batch_op.drop_index(batch_op.f('ix_temperature_reading_site_id'))

    op.drop_table('temperature_reading')
    with op.batch_alter_table('garment_price', schema=None) as batch_op:
        batch_op.drop_index('ix_garment_price_type_site_day')

    op.drop_table('garment_price')
    with op.batch_alter_table('cold_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cold_unit_site_id'))

    op.drop_table('cold_unit')


LOSS_REASONS = ('breakage', 'expired', 'cold_chain', 'recall', 'other')


def _loss_reasons(values: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stock_movement_loss_reason'), type_='check')
        batch_op.create_check_constraint('loss_reason', f"loss_reason IN ({listed})")
