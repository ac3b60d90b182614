"""The household file shows its rates and site shares the French way ("100 %", not "100.00 %")."""

from __future__ import annotations


def test_site_shares_read_as_french_percentages(client, login, social_worker, register, grant_access):
    login("sophie", "assistante-2026")
    household = register(1980)
    grant_access(household)
    page = client.get(f"/foyers/{household.card_number}").get_data(as_text=True)
    assert "100\u202f%" in page
    assert "100.00 %" not in page
