"""The hand-built network of the reports' tests, and what every figure of it is (worked out by hand)."""

from __future__ import annotations

import types

import pytest

from households.enums import HouseholdType, Sex
from inventory.enums import SiteKind, SoldBy
from inventory.stock_models import LossReason, LotSource, MovementKind
from pos.enums import EntryKind, Shop
from pos.payments import Method
from tests.reports.network import Network, paris

F, M = Sex.FEMALE, Sex.MALE


@pytest.fixture
def net(session, build):
    """Two associations, two sites and the warehouse; three households.

    - H1 (Auch, couple with children): born 1990 F, 1988 M, 2020 F, 2025 M; one visit in March 2026
      with 2 kg of féculents (10,00 € market value, 1,00 € paid) and a free FSE+ line of 1,5 kg of
      fruits and vegetables (6,00 €).
    - H2 (single, born 1950 F) moved from Auch to Condom: 0,5 kg of féculents at Auch in April 2026
      (3,00 €, 0,30 € by card), 1 kg of fruits at Condom in June (4,00 €, 0,40 €).
    - H3 (single parent at Condom, born 1996 F and 2010 M) came in December 2025 (2 kg of féculents,
      8,00 €, 0,80 €), brought 1 kg back on 5 January 2026 (a return in the next period: −4,00 €,
      −0,40 €) and came again in July 2026 (1 kg, 5,00 €, 0,50 €).
    - A sale at 00:30 on 1 January 2027 in Paris (23:30 UTC on 31 December) belongs to 2027.
    - Vesti-boutique at Auch: one garment paid 2,00 €, no household.
    - Warehouse: 100 kg of FSE+ rice received (2,00 €/kg: 200,00 €) and 10 ramasse packets of 500 g
      (1,50 € each: 5 kg, 15,00 €); losses at Auch: 2 packets broken (1 kg, 3,00 €), 1 kg expired (2,00 €).
    """
    network = Network(session, build)
    warehouse = network.site("ENTREPOT", "Banque Alimentaire du Gers", kind=SiteKind.WAREHOUSE)
    auch = network.site("AUCH", "Croix-Rouge")
    condom = network.site("CONDOM", "Secours Populaire")
    h1 = network.household(auch, HouseholdType.COUPLE_WITH_CHILDREN, [(1990, F), (1988, M), (2020, F), (2025, M)],
                           "GS-000001")
    h2 = network.household(condom, HouseholdType.SINGLE, [(1950, F)], "GS-000002")
    h3 = network.household(condom, HouseholdType.SINGLE_PARENT, [(1996, F), (2010, M)], "GS-000003")
    network.entry(condom, paris(2025, 12, 20), [("feculents", 2000, "8.00", "0.80", False)], household=h3)
    network.entry(condom, paris(2026, 1, 5), [("feculents", -1000, "-4.00", "-0.40", False)], household=h3,
                  kind=EntryKind.RETURN)
    network.entry(auch, paris(2026, 3, 10), [("feculents", 2000, "10.00", "1.00", False),
                                             ("fruits_legumes", 1500, "6.00", "0.00", True)], household=h1)
    network.entry(auch, paris(2026, 4, 2), [("feculents", 500, "3.00", "0.30", False)], household=h2,
                  method=Method.CARD)
    network.entry(auch, paris(2026, 5, 5), [(None, 0, "2.00", "2.00", False)], shop=Shop.VESTI)
    network.entry(condom, paris(2026, 6, 15), [("fruits_legumes", 1000, "4.00", "0.40", False)], household=h2)
    network.entry(condom, paris(2026, 7, 1), [("feculents", 1000, "5.00", "0.50", False)], household=h3)
    network.entry(condom, paris(2027, 1, 1, 0, 30), [("feculents", 3000, "9.00", "0.90", False)], household=h3)
    rice = network.lot(warehouse, "feculents", LotSource.FSE_PLUS)
    network.movement(warehouse, rice, MovementKind.INTAKE, paris(2026, 2, 1), grams=100_000)
    packets = network.lot(warehouse, "feculents", LotSource.RAMASSE, sold_by=SoldBy.PIECE, price="1.50",
                          net_weight_g=500)
    network.movement(warehouse, packets, MovementKind.INTAKE, paris(2026, 2, 3), units=10)
    network.movement(auch, packets, MovementKind.LOSS, paris(2026, 3, 1), units=-2, reason=LossReason.BREAKAGE)
    network.movement(auch, rice, MovementKind.LOSS, paris(2026, 3, 2), grams=-1000, reason=LossReason.EXPIRED)
    session.commit()
    return types.SimpleNamespace(network=network, warehouse=warehouse, auch=auch, condom=condom, h1=h1, h2=h2,
                                 h3=h3)
