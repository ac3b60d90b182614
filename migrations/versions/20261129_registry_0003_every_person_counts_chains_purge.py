"""registry: every person counts in the tiers, chains end after a real break, emergency accesses
limited per 12 months, sales survive the retention purge

Revision ID: 0003_registry
Revises: 0002
Create Date: 2026-11-29 05:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_registry'
down_revision = '0002'
branch_labels = None
depends_on = None

MONEY = sa.Numeric(precision=12, scale=2)
# Seeded tiers (households_0001) and their amounts per further adult / per child. DOMAIN.md: a single
# person 20 €, a couple 30 €: the second adult adds 10 €, so each further adult does too (at least
# a child's 5 €). Weekly: Évry's 18 € for one person, with the same ratios (illustrative).
SEEDED_TIERS = {
    "monthly": {"adults": (1, 2), "per_adult": "10.00", "per_child": None},
    "weekly": {"adults": (1,), "per_adult": "9.00", "per_child": "4.50"},
}


def upgrade() -> None:
    with op.batch_alter_table('allowance_tier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('per_adult_amount', MONEY, nullable=True))
    tier = sa.table('allowance_tier', sa.column('period_kind', sa.String()), sa.column('adults', sa.Integer()),
                    sa.column('per_adult_amount', MONEY), sa.column('per_child_amount', MONEY))
    # An adult counts at least as much as a child: coordinators' own tiers start there.
    op.execute(tier.update().values(per_adult_amount=tier.c.per_child_amount))
    for kind, seeded in SEEDED_TIERS.items():
        where = sa.and_(tier.c.period_kind == kind, tier.c.adults.in_(seeded["adults"]))
        if seeded["per_child"] is not None:
            op.execute(tier.update().where(where, tier.c.per_child_amount == 0)
                       .values(per_child_amount=sa.literal(seeded["per_child"], MONEY)))
        op.execute(tier.update().where(where, tier.c.per_adult_amount <= sa.literal(seeded["per_adult"], MONEY))
                   .values(per_adult_amount=sa.literal(seeded["per_adult"], MONEY)))
    with op.batch_alter_table('allowance_tier', schema=None) as batch_op:
        batch_op.alter_column('per_adult_amount', existing_type=MONEY, nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_allowance_tier_adult_counts_as_a_child'),
                                         'per_adult_amount >= per_child_amount')

    with op.batch_alter_table('household_network_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain_break_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('emergency_max_per_year', sa.Integer(), nullable=True))
        batch_op.drop_column('renewal_grace_days')
    rules = sa.table('household_network_rules', sa.column('waiting_months', sa.Integer()),
                     sa.column('chain_break_months', sa.Integer()), sa.column('emergency_max_per_year', sa.Integer()))
    # A real break lasts as long as the carence by default; two emergency accesses a year (illustrative).
    op.execute(rules.update().values(
        chain_break_months=sa.case((rules.c.waiting_months < 1, 1), else_=rules.c.waiting_months),
        emergency_max_per_year=2))
    with op.batch_alter_table('household_network_rules', schema=None) as batch_op:
        batch_op.alter_column('chain_break_months', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('emergency_max_per_year', existing_type=sa.Integer(), nullable=False)

    # Sales keep the household's id with no foreign key (the journal's hash covers it); draft
    # baskets go with a deleted household.
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.drop_constraint('fk_journal_entry_household_id_household', type_='foreignkey')
    with op.batch_alter_table('basket', schema=None) as batch_op:
        batch_op.drop_constraint('fk_basket_household_id_household', type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_basket_household_id_household'), 'household',
                                    ['household_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('basket', schema=None) as batch_op:
        batch_op.drop_constraint('fk_basket_household_id_household', type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_basket_household_id_household'), 'household',
                                    ['household_id'], ['id'])
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_journal_entry_household_id_household'), 'household',
                                    ['household_id'], ['id'])
    with op.batch_alter_table('household_network_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewal_grace_days', sa.Integer(), nullable=False,
                                      server_default='31'))
        batch_op.drop_column('emergency_max_per_year')
        batch_op.drop_column('chain_break_months')
    with op.batch_alter_table('allowance_tier', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_allowance_tier_adult_counts_as_a_child'), type_='check')
        batch_op.drop_column('per_adult_amount')
