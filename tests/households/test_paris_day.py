"""The registry's "today" is the day in the Gers, as at the till: at 00:30 in Paris the UTC date is
still yesterday (UTC+1 in winter, UTC+2 in summer), and no rule of the registry may use it."""

from __future__ import annotations

import datetime as dt

import pytest

from households import privacy
from households.access import add_months
from tests.conftest import csrf_token

# 00:30 in Paris on 1 January 2027 (winter, UTC+1) and on 15 July 2026 (summer, UTC+2).
NEW_YEAR = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 14, 22, 30, tzinfo=dt.UTC)
HALF_PAST_MIDNIGHT = [pytest.param(NEW_YEAR, dt.date(2027, 1, 1), id="winter"),
                      pytest.param(SUMMER, dt.date(2026, 7, 15), id="summer")]


@pytest.fixture
def sign_in_at(app, client, login, social_worker):
    def sign_in(now: dt.datetime):
        app.extensions["gers.clock"] = lambda: now
        login("sophie", "assistante-2026")
        return client
    return sign_in


def test_a_baby_born_on_new_years_day_registers_half_an_hour_later(sign_in_at, auch):
    signed_in = sign_in_at(NEW_YEAR)
    response = signed_in.post("/foyers/nouveau", data={
        "csrf_token": csrf_token(signed_in, "/foyers/nouveau"), "home_site_id": str(auch.id),
        "household_type": "single_parent", "commune": "Auch", "member_year_0": "1995", "member_sex_0": "F",
        "member_year_1": "2027", "member_sex_1": "M"})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_an_access_that_ended_yesterday_in_paris_shows_as_ended(sign_in_at, register, grant_access):
    household = register(1980)
    grant_access(household, dt.date(2026, 4, 15), 3)  # 15 April → 14 July 2026
    signed_in = sign_in_at(SUMMER)
    page = signed_in.get(f"/foyers/{household.card_number}").get_data(as_text=True)
    assert "Accès terminé" in page and "accès terminé le 14/07/2026" in page


@pytest.mark.parametrize(("now", "paris_day"), HALF_PAST_MIDNIGHT)
def test_the_purge_cutoff_counts_from_the_day_in_paris(session, auch, now, paris_day):
    cutoff, _households = privacy.purge_candidates(session, now)
    assert cutoff == add_months(paris_day, -24)
