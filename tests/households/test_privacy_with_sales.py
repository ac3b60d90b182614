"""Households that shopped: the right-of-access export lists their purchases; the retention purge
keeps the sales (chain intact), one household that cannot be purged does not stop the others, and no
card number is left behind."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from gers.cli import build_cli
from gers.models import Role
from households import privacy, registry
from households.documents import export_pdf
from households.enums import AuditAction, PurgeMode
from households.models import Household, HouseholdAudit
from pos import journal
from pos.enums import EntryKind, Shop
from pos.models import CashSession, JournalEntry, JournalLine, JournalTender
from pos.payments import Method
from pos.purchases import purchases_of
from tests.conftest import BOTH_BACKENDS
from tests.households.helpers import NOW

LATER = NOW + dt.timedelta(days=2 * 365 + 30)


@pytest.fixture
def sell(session, build, auch):
    cashier = build.user(role=Role.CASHIER, site_id=auch.id)
    till = CashSession(site_id=auch.id, opened_at=NOW, opened_by_id=cashier.id, opening_float=Decimal("20"),
                       owner_node="AUCH")
    session.add(till)
    session.flush()

    def make(household, market_value="12.50", paid="1.25"):
        entry = JournalEntry(kind=EntryKind.SALE, shop=Shop.EPICERIE, site_id=auch.id, cash_session_id=till.id,
                             cashier_id=cashier.id, household_id=household.id, market_value=Decimal(market_value),
                             amount_paid=Decimal(paid), allowance_used=Decimal(market_value), grams=500,
                             owner_node="AUCH", created_at=NOW)
        line = JournalLine(description="Pâtes coquillettes 500 g", quantity=1, grams=500,
                           market_value=Decimal(market_value), price=Decimal(paid), rate=Decimal("10"))
        tender = JournalTender(method=Method.CASH, amount=Decimal(paid), tendered=Decimal(paid))
        sale = journal.seal(session, entry, [line], [tender])
        session.commit()
        return sale
    return make


@BOTH_BACKENDS
def test_delete_mode_purges_households_with_sales_and_the_sales_stay_chained(session, register, sell, auch):
    shopper, other = register(1960), register(1961)
    first, second = sell(shopper), sell(other)
    report = privacy.purge(session, now=LATER, apply=True, mode=PurgeMode.DELETE, owner_node="CENTRAL")
    session.commit()
    session.expire_all()
    assert set(report.card_numbers) == {shopper.card_number, other.card_number} and report.failures == ()
    assert session.get(Household, shopper.id) is None and session.get(Household, other.id) is None
    kept = session.get(JournalEntry, first.id)
    assert kept is not None and kept.market_value == Decimal("12.50")
    # The pseudonym points at nothing: no row of the registry carries it any more.
    assert session.scalar(select(Household.id).where(Household.id == kept.household_id)) is None
    assert journal.verify(session, auch.id) == (2, None)
    assert session.get(JournalEntry, second.id) is not None


def test_one_household_that_cannot_be_purged_does_not_stop_the_others(session, register, sell):
    blocked, free = register(1960), register(1961)
    sell(blocked)
    session.execute(text(
        f"CREATE TRIGGER keep_one BEFORE DELETE ON household WHEN OLD.card_number = '{blocked.card_number}' "
        "BEGIN SELECT RAISE(ABORT, 'suppression refusée par la base'); END"))
    session.commit()
    report = privacy.purge(session, now=LATER, apply=True, mode=PurgeMode.DELETE, owner_node="CENTRAL")
    session.commit()
    session.expire_all()
    assert report.card_numbers == (free.card_number,)
    assert [number for number, _reason in report.failures] == [blocked.card_number]
    assert session.get(Household, blocked.id) is not None and session.get(Household, free.id) is None
    assert f"Échec pour {blocked.card_number}" in report.text()
    assert "1 foyer(s) sans contact depuis le 27/12/2026 ont été supprimés" in report.text()


@pytest.mark.parametrize("mode", list(PurgeMode))
def test_the_purge_leaves_no_card_number_in_the_audit_trail(session, register, sell, mode):
    household = register(1960)
    card = household.card_number
    sell(household)
    registry.record(session, household.id, None, AuditAction.UPDATED, NOW, "CENTRAL", f"Carte {card} réimprimée")
    session.commit()
    privacy.purge(session, now=LATER, apply=True, mode=mode, owner_node="CENTRAL")
    session.commit()
    details = session.scalars(select(HouseholdAudit.detail).where(HouseholdAudit.household_id == household.id)).all()
    assert len(details) >= 3 and not any(card in detail for detail in details)
    assert not any(card.removeprefix("GS-") in detail for detail in details)


def test_the_export_lists_the_household_purchases(session, register, sell, auch):
    household, neighbour = register(1960), register(1961)
    sell(household, market_value="12.50", paid="1.25")
    sell(neighbour, market_value="3.00", paid="0.30")
    data = privacy.export_household(session, household, purchases=purchases_of)
    json.dumps(data, ensure_ascii=False)  # JSON-ready all the way down
    assert data["achats"] == [{
        "date": "2026-11-28T11:00:00+01:00", "site": "Épicerie solidaire d'Auch", "numero": 1, "type": "Vente",
        "valeur_marchande": "12.50", "montant_paye": "1.25", "droit_utilise": "12.50",
        "lignes": [{"article": "Pâtes coquillettes 500 g", "quantite": 1, "poids_g": 500,
                    "valeur_marchande": "12.50", "prix_paye": "1.25"}]}]
    pdf = export_pdf(data, "Gers Solidaire", compress=False)
    assert b"Achats" in pdf and b"coquillettes" in pdf and b"12.50" in pdf


def test_the_export_screen_includes_purchases(client, login, social_worker, session, register, sell):
    household = register(1960)
    sell(household)
    login("sophie", "assistante-2026")
    exported = client.get(f"/foyers/{household.card_number}/export.json")
    assert [p["valeur_marchande"] for p in json.loads(exported.data)["achats"]] == ["12.50"]


def test_purge_command_exits_non_zero_when_a_household_could_not_be_purged(session, register, database_url,
                                                                           tmp_path):
    blocked, free = register(1960), register(1961)
    long_ago = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)  # the command reads the real clock: any year will do
    for household in (blocked, free):
        household.created_at = household.last_contact_at = long_ago
    session.execute(text(
        f"CREATE TRIGGER keep_one BEFORE DELETE ON household WHEN OLD.card_number = '{blocked.card_number}' "
        "BEGIN SELECT RAISE(ABORT, 'suppression refusée par la base'); END"))
    session.commit()
    free_id, blocked_id = free.id, blocked.id
    result = CliRunner().invoke(build_cli(), ["households", "purge", "--appliquer", "--mode", "delete",
                                              "--instance", str(tmp_path / "instance")],
                                env={"GERS_DATABASE_URL": database_url})
    assert result.exit_code == 1, result.output
    assert f"Échec pour {blocked.card_number}" in result.output
    session.expire_all()
    assert session.get(Household, free_id) is None and session.get(Household, blocked_id) is not None
