"""The demo cards a newcomer is given work at the Auch till, on the site node and on central alike."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from demo.builder import build_demo
from demo.households_demo import build_households_demo, till_cards
from gers.db import make_engine, make_session_factory
from households.services import counter_lookup
from inventory.models import Site

ROOT = Path(__file__).parents[2]
TILL_DOCS = ("README.md", "docs/caisse.md", "docs/demarrage.md")

pytestmark = pytest.mark.slow


def build_site(session, today):
    build_demo(session, scope_site="AUCH", reference_year=today.year)
    build_households_demo(session, scope_site="AUCH", today=today)
    session.commit()
    return session.scalar(select(Site).where(Site.code == "AUCH"))


def may_shop(session, site, card, today):
    return counter_lookup(session, card, site.id, today).may_shop


@pytest.mark.parametrize("today", [dt.date(2026, 11, 28), dt.date(2028, 2, 29)])
def test_the_printed_cards_and_the_docs_cards_work_at_the_auch_till(session, today):
    site = build_site(session, today)
    cards = till_cards(session, "AUCH", today)
    assert len(cards) == 3 and all(may_shop(session, site, card, today) for card in cards)
    in_docs = {card for name in TILL_DOCS for card in re.findall(r"GS-\d{6}", (ROOT / name).read_text())}
    assert in_docs, "the till's docs show an example card"
    assert {card for card in in_docs if not may_shop(session, site, card, today)} == set()


def test_central_agrees_with_the_site_on_the_cards_that_work_there(session, sqlite_databases, tmp_path):
    """The site receives only its households: their access must not depend on who else is built."""
    today = dt.date(2026, 11, 28)
    site = build_site(session, today)
    cards = till_cards(session, "AUCH", today, count=20)
    (tmp_path / "central").mkdir()
    engine = make_engine(sqlite_databases.fresh(tmp_path / "central"))
    with make_session_factory(engine)() as central:
        build_demo(central, scope_site=None, reference_year=today.year)
        build_households_demo(central, scope_site=None, today=today)
        central.commit()
        auch = central.scalar(select(Site).where(Site.code == "AUCH"))
        assert site.id == auch.id
        assert [card for card in cards if not may_shop(central, auch, card, today)] == []
    engine.dispose()


def test_make_run_prints_the_cards_beside_the_logins():
    from demo.cli import _logins_text

    text = _logins_text(["GS-000007", "GS-000055"])
    assert "Cartes de foyers acceptées aujourd'hui à la caisse d'Auch : GS-000007, GS-000055" in text
    assert "caisse" in text and "1234" in text
