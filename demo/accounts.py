"""The demo's accounts and their published credentials: printed by `make run`, and refused by a
production `serve` (gers.production). A module of its own so that `serve` reads them without loading
the demo's catalogue and households."""

from __future__ import annotations

from dataclasses import dataclass

from demo import network_data
from gers.models import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    site_code: str | None
    pin: str | None
    password: str | None


# Demo credentials only: printed by `make run`, never used outside the demo.
DEMO_SITE = "AUCH"
DEMO_USERS = (
    DemoUser("caisse", "Marie (bénévole)", Role.CASHIER, DEMO_SITE, "1234", None),
    DemoUser("entrepot", "Karim (entrepôt)", Role.WAREHOUSE, network_data.WAREHOUSE.code, "2345",
             "entrepot-demo"),
    DemoUser("coordination", "Claire (coordination)", Role.COORDINATOR, None, "3456", "coordination-demo"),
    DemoUser("social", "Sophie (assistante sociale)", Role.SOCIAL_WORKER, None, None, "social-demo-2026"),
    DemoUser("admin", "Admin réseau", Role.ADMIN, None, "9999", "admin-demo-2026"),
)
