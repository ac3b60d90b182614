"""The journal's tail anchors: deleting the last entries of the journal is found where it can be.

What can and cannot be detected is spelled out in pos/journal.py's docstring; these tests pin both
sides: a cut past a Z is reported with the missing range, a cut after the last Z only shows against
an anchor kept elsewhere (a printed ticket, central).
"""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner
from sqlalchemy import delete, select

from gers.cli import build_cli
from gers.db import Base
from pos import basket as baskets
from pos import cash, checkout, journal
from pos.enums import Shop
from pos.journal_chain import Anchor
from pos.models import JournalEntry
from pos.payments import Method, Tender


def sell(session, till, ctx, cash_session, key):
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    return checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal("0.13"))], key).entry


def day(session, till, keys, close=True):
    """One cash session selling one packet per key, closed by a Z unless `close` is False."""
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal("20.00"))
    for key in keys:
        sell(session, till, ctx, cash_session, key)
    if close:
        cash.close_session(session, ctx, cash_session, Decimal("20.00") + Decimal("0.13") * len(keys))
    session.commit()


def cut_tail(session, site_id, from_sequence):
    """What someone with SQL access does: delete the last entries and every row that refers to them."""
    doomed = set(session.scalars(select(JournalEntry.id).where(JournalEntry.site_id == site_id,
                                                              JournalEntry.sequence >= from_sequence)))
    _delete_referring(session, "journal_entry", doomed)
    session.execute(delete(JournalEntry).where(JournalEntry.id.in_(doomed)))
    session.commit()


def _delete_referring(session, table_name, ids):
    for table in reversed(Base.metadata.sorted_tables):
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name and fk.parent.table is table and table.name != table_name:
                rows = set(session.scalars(select(table.c.id).where(fk.parent.in_(ids))))
                if rows:
                    _delete_referring(session, table.name, rows)
                    session.execute(delete(table).where(table.c.id.in_(rows)))


def test_deleting_the_tail_back_past_a_z_is_reported_with_the_missing_range(session, till):
    day(session, till, ["a1"])           # sale 1, Z 2
    day(session, till, ["b1", "b2"])     # sales 3-4, Z 5
    assert journal.verify(session, till.site.id) == (5, None)
    cut_tail(session, till.site.id, 3)
    count, broken = journal.verify(session, till.site.id)
    assert count == 2 and broken.sequence == 3
    assert broken.reason.startswith("fin du journal supprimée : écritures n° 3 à 5 manquantes")
    assert "clôture Z du 28/11/2026 11:00" in broken.reason


def test_deleting_entries_after_the_last_z_shows_only_against_an_anchor_kept_elsewhere(session, till):
    """No local record reaches past the last Z: the shorter journal verifies clean on its own.

    The receipt of sale n° 4 (or central's copy) is the witness that it existed.
    """
    day(session, till, ["a1"])
    day(session, till, ["b1", "b2"], close=False)  # sales 3-4, session still open
    witness = session.scalar(select(JournalEntry).where(JournalEntry.sequence == 4))
    anchor = Anchor(4, witness.hash[:8], "ticket de la vente n° 4")
    cut_tail(session, till.site.id, 3)
    assert journal.verify(session, till.site.id) == (2, None)
    count, broken = journal.verify(session, till.site.id, [anchor])
    assert broken.sequence == 3
    assert broken.reason == ("fin du journal supprimée : écritures n° 3 à 4 manquantes, peut-être davantage "
                             "(ancre : ticket de la vente n° 4)")


def test_a_z_anchor_that_no_longer_matches_its_entry_is_reported(session, till):
    day(session, till, ["a1"])
    forged = Anchor(2, "0123abcd", "ticket Z imprimé")
    count, broken = journal.verify(session, till.site.id, [forged])
    assert broken.sequence == 2 and broken.reason == "l'écriture ne correspond pas à son ancre (ticket Z imprimé)"


def test_journal_verify_command_reports_the_cut_tail_in_french(app, session, till, tmp_path):
    day(session, till, ["a1", "a2"])  # sales 1-2, Z 3
    z_hash = session.scalar(select(JournalEntry.hash).where(JournalEntry.sequence == 3))
    cut_tail(session, till.site.id, 2)
    env = {"GERS_DATABASE_URL": app.config["DATABASE_URL"], "GERS_ROLE": "site", "GERS_NODE_CODE": "AUCH",
           "GERS_SECRET_KEY": "test-secret"}
    runner, cli = CliRunner(), build_cli()
    result = runner.invoke(cli, ["journal", "verify", "--instance", str(tmp_path / "cli"),
                                 "--ancre", f"3:{z_hash[:12]}"], env=env)
    assert result.exit_code != 0
    assert "Journal de AUCH altéré à l'écriture n° 2 : fin du journal supprimée : écritures n° 2 à 3" in result.output
    unreadable = runner.invoke(cli, ["journal", "verify", "--instance", str(tmp_path / "cli"), "--ancre", "3"],
                               env=env)
    assert unreadable.exit_code != 0 and "Ancre « 3 » illisible" in unreadable.output
