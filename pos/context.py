"""Who rings up what, where and when: passed explicitly to every till use case."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from inventory.barcodes import InStoreLayout
from inventory.expiry import ExpirySettings, paris_today


@dataclass(frozen=True)
class TillContext:
    site_id: uuid.UUID
    owner_node: str  # the node writing the rows
    cashier_id: uuid.UUID
    now: dt.datetime
    instore_layouts: tuple[InStoreLayout, ...] = ()
    expiry: ExpirySettings = field(default_factory=ExpirySettings)
    vesti_uses_allowance: bool = False  # DOMAIN.md: vesti-boutiques usually have no allowance
    login_max_failures: int = 5  # a coordinator's override PIN counts towards the login lock
    login_lock_minutes: int = 15

    @property
    def today(self) -> dt.date:
        return paris_today(self.now)
