"""The free FSE+ distribution line counted apart in the yearly report (worked figures on top of the
hand-built network of tests/reports/conftest.py)."""

from __future__ import annotations

from decimal import Decimal

from households.enums import HouseholdType, Sex
from pos.enums import EntryKind, Shop
from pos.payments import Method
from reports import summaries
from reports.exports import form_row
from reports.settings import Settings
from reports.state import yearly_report
from tests.conftest import BOTH_BACKENDS
from tests.reports.network import paris


@BOTH_BACKENDS
def test_the_free_line_is_counted_apart_and_its_beneficiaries_count_once(session, net):
    """On top of the network: H4 (single, born 1970 M) comes only to a van's free line at Condom in
    September: 2 kg of féculents (4,00 €); H3 comes to it too in October: 1,5 kg of fruits (3,00 €),
    and a free distribution of 0,5 kg (1,00 €) is voided the same day."""
    h4 = net.network.household(net.condom, HouseholdType.SINGLE, [(1970, Sex.MALE)], "GS-000004")
    free = {"shop": Shop.FSE, "method": Method.FREE}
    net.network.entry(net.condom, paris(2026, 9, 3), [("feculents", 2000, "4.00", "0.00", True)], household=h4, **free)
    net.network.entry(net.condom, paris(2026, 10, 8), [("fruits_legumes", 1500, "3.00", "0.00", True)],
                      household=net.h3, **free)
    net.network.entry(net.condom, paris(2026, 10, 8, 11), [("fruits_legumes", 500, "1.00", "0.00", True)],
                      household=net.h3, **free)
    net.network.entry(net.condom, paris(2026, 10, 8, 11, 5), [("fruits_legumes", -500, "-1.00", "0.00", True)],
                      household=net.h3, kind=EntryKind.VOID, **free)
    session.commit()
    summaries.refresh(session)
    session.commit()
    report = {f.scope: f for f in yearly_report(session, 2026, Settings())}
    network, condom = report["Réseau"], report["Site : Condom"]
    # The free line alone: 2 + 1,5 + 0,5 − 0,5 = 3,5 kg, 4 + 3 + 1 − 1 = 7,00 €; 3 − 1 void = 2 distributions.
    assert (network.free_line.grams, network.free_line.value) == (3500, Decimal("7.00"))
    assert network.free_line_distributions == 2
    # FSE+ as a whole: the 1,5 kg (6,00 €) free line of H1 at Auch's paid counter + the free line.
    assert (network.fse_plus.grams, network.fse_plus.value) == (5000, Decimal("13.00"))
    groups = {group.code: group for group in network.groups}
    assert groups["feculents"].distributed.grams == 2500  # unchanged: nothing free is counted as paid
    assert groups["feculents"].fse_plus.grams == 2000
    assert groups["fruits_legumes"].fse_plus.grams == 1500 + 1500
    assert network.visits == 4  # the paid line's visits: free distributions are counted apart
    assert (network.households, network.persons) == (4, 8)  # H4 is a beneficiary; H3 counts once
    assert (condom.free_line_distributions, report["Site : Auch"].free_line_distributions) == (2, 0)
    row = form_row(network)
    assert (row["distributions_gratuites_fse"], row["kg_distribution_gratuite_fse"]) == (2, Decimal("3.5"))
