"""Who rings up what, where and when: passed explicitly to every till use case."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gers.auth.throttle import Throttle
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
    login_max_failures: int = 5  # named in the message when the coordinator's account is locked
    login_lock_minutes: int = 15
    # Wrong override PINs slow down this cashier's till session, never lock the coordinator's account.
    override_throttle: Throttle | None = None
    # The coordinator confirms an override with a PIN only on a Pi holding its device identity,
    # with the password elsewhere (gers.web.pin_login).
    pin_login: bool = False

    @property
    def today(self) -> dt.date:
        return paris_today(self.now)


class BasketMemo:
    """What the till reads about a household once per basket: its rights when the card is scanned
    hold for the whole basket, as with a card read once at a real counter. Bounded, thread-safe;
    a new basket (after each sale) reads afresh."""

    def __init__(self, size: int = 256) -> None:
        self._values: OrderedDict[Any, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value


BASKET_MEMO = BasketMemo()
