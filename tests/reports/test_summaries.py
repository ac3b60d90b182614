"""Summaries kept up to date incrementally: the same figures as a rebuild, each entry counted once,
entries past a gap in a site's sequence waiting for the gap to be filled."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from inventory.stock_models import LossReason, LotSource, MovementKind
from reports import summaries
from reports.models import (
    EntriesDay,
    EntriesYear,
    HouseholdDay,
    HouseholdFirst,
    HouseholdYear,
    SalesDay,
    SalesYear,
    StockDay,
    StockYear,
)
from tests.conftest import BOTH_BACKENDS
from tests.reports.network import paris


def _figures(session):
    return (
        sorted(session.execute(select(SalesDay.day, SalesDay.site_id, SalesDay.food_group, SalesDay.fse_plus,
                                      SalesDay.lines, SalesDay.grams, SalesDay.market_value)).all()),
        sorted(session.execute(select(EntriesDay.day, EntriesDay.kind, EntriesDay.entries, EntriesDay.paid)).all()),
        sorted(session.execute(select(HouseholdDay.household_id, HouseholdDay.day, HouseholdDay.visits)).all()),
        sorted(session.execute(select(HouseholdYear.year, HouseholdYear.site_id, HouseholdYear.household_id,
                                      HouseholdYear.visits)).all()),
        sorted(session.execute(select(HouseholdFirst.household_id, HouseholdFirst.first_day)).all()),
        sorted(session.execute(select(StockDay.day, StockDay.kind, StockDay.reason, StockDay.grams)).all()),
        sorted(session.execute(select(SalesYear.year, SalesYear.site_id, SalesYear.food_group, SalesYear.fse_plus,
                                      SalesYear.lines, SalesYear.grams, SalesYear.market_value)).all()),
        sorted(session.execute(select(EntriesYear.year, EntriesYear.kind, EntriesYear.entries, EntriesYear.paid)).all()),
        sorted(session.execute(select(StockYear.year, StockYear.kind, StockYear.reason, StockYear.movements,
                                      StockYear.grams, StockYear.market_value)).all()),
    )


@BOTH_BACKENDS
def test_refreshing_twice_changes_nothing_and_equals_a_rebuild(session, net):
    summaries.refresh(session)
    once = _figures(session)
    assert summaries.refresh(session).entries == 0
    assert _figures(session) == once
    summaries.rebuild(session)
    assert _figures(session) == once


@BOTH_BACKENDS
def test_a_night_of_new_sales_is_added_to_what_was_summed(session, net):
    summaries.refresh(session)
    session.commit()
    net.network.entry(net.auch, paris(2026, 3, 10, 15), [("feculents", 700, "2.10", "0.21", False)], household=net.h2)
    result = summaries.refresh(session)
    assert result.entries == 1
    grams = session.scalar(select(func.sum(SalesDay.grams)).where(SalesDay.site_id == net.auch.id,
                                                                  SalesDay.food_group == "feculents"))
    assert grams == 2000 + 500 + 700
    yearly = session.scalar(select(func.sum(SalesYear.grams)).where(SalesYear.site_id == net.auch.id,
                                                                    SalesYear.food_group == "feculents"))
    assert yearly == grams  # the day of 10 March taken out of 2026 and added back with its new sale
    visits = session.execute(select(HouseholdDay.household_id, HouseholdDay.visits)
                             .where(HouseholdDay.site_id == net.auch.id)).all()
    assert sorted(v for _h, v in visits) == [1, 1, 1]  # H1 on 10/03, H2 on 02/04 and 10/03


def test_entries_after_a_gap_wait_for_the_missing_one(session, net):
    summaries.refresh(session)
    network, auch = net.network, net.auch
    network.entry(auch, paris(2026, 8, 1), [("feculents", 100, "1.00", "0.10", False)], sequence=5)
    assert summaries.refresh(session).sites_waiting == 1  # Auch has 1–3; 4 has not arrived
    assert session.scalar(select(func.count()).select_from(SalesDay).where(SalesDay.day == paris(2026, 8, 1).date())) == 0
    network.entry(auch, paris(2026, 7, 31), [("feculents", 200, "1.00", "0.10", False)], sequence=4)
    result = summaries.refresh(session)
    assert (result.entries, result.sites_waiting) == (2, 0)
    grams = session.scalar(select(func.sum(SalesDay.grams)).where(SalesDay.day >= paris(2026, 7, 31).date(),
                                                                  SalesDay.site_id == auch.id))
    assert grams == 300


@BOTH_BACKENDS
def test_a_late_movement_within_the_look_back_is_counted_once(session, net):
    summaries.refresh(session)
    session.commit()
    packets = net.network.lot(net.auch, "feculents", LotSource.BANQUE_ALIMENTAIRE)
    net.network.movement(net.auch, packets, MovementKind.LOSS, paris(2026, 3, 4), grams=-500,
                         reason=LossReason.COLD_CHAIN)  # arrives after the 3 March losses were summed
    summaries.refresh(session)
    summaries.refresh(session)
    losses = dict(session.execute(select(StockDay.reason, func.sum(StockDay.grams))
                                  .where(StockDay.site_id == net.auch.id).group_by(StockDay.reason)).all())
    assert losses == {"breakage": -1000, "expired": -1000, "cold_chain": -500}
    yearly = dict(session.execute(select(StockYear.reason, func.sum(StockYear.grams))
                                  .where(StockYear.site_id == net.auch.id).group_by(StockYear.reason)).all())
    assert yearly == losses  # the year lost the days summed again and gained them back, once
    value = session.scalar(select(func.sum(StockDay.market_value)).where(StockDay.reason == "cold_chain"))
    assert Decimal(value) == Decimal("-1.00")  # 0,5 kg at 2,00 €/kg, signed like the grams



def test_a_movement_older_than_the_look_back_needs_since(session, net):
    summaries.refresh(session)
    rice = net.network.lot(net.auch, "feculents", LotSource.BANQUE_ALIMENTAIRE)
    net.network.movement(net.auch, rice, MovementKind.LOSS, paris(2026, 2, 20), grams=-300,
                         reason=LossReason.OTHER)  # 10 days before Auch's latest movement already summed
    summaries.refresh(session)
    assert session.scalar(select(func.count()).select_from(StockDay).where(StockDay.reason == "other")) == 0
    summaries.refresh(session, since=paris(2026, 2, 20, 0))
    assert session.scalar(select(func.sum(StockDay.grams)).where(StockDay.reason == "other")) == -300
    summaries.refresh(session)  # summing again from its first day counts it once
    assert session.scalar(select(func.sum(StockDay.grams)).where(StockDay.reason == "other")) == -300


def test_refresh_command_reports_what_it_summed(tmp_path, database_url, session, net):
    from click.testing import CliRunner

    from gers.cli import build_cli

    result = CliRunner().invoke(build_cli(), ["reports", "refresh"], env={
        "GERS_INSTANCE": str(tmp_path / "instance"), "GERS_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "8 écritures de caisse ajoutées" in result.output
