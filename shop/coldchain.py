"""Cold-chain rules (pure): temperature classes, plausible readings, out of range.

Arrêté du 21/12/2009: frozen ≤ −18 °C, very perishable ≤ +4 °C, other perishable ≤ +8 °C; some
products (minced meat, fish) ≤ +2 °C. The classes and the class of each category are settings
(instance file keys in brackets), with these defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

DEFAULT_CLASSES = {"le2": Decimal("2"), "le4": Decimal("4"), "le8": Decimal("8"), "le_minus18": Decimal("-18")}
UNIT_KINDS = {"cold_room": "Chambre froide", "fridge": "Réfrigérateur", "freezer": "Congélateur",
              "van": "Camion / véhicule"}
MOMENTS = {"morning": "Ouverture (matin)", "evening": "Fermeture (soir)", "ramasse": "Ramasse",
           "arrival": "Arrivée"}
# A probe reads between these: anything else is a typing slip (« 900 ») or a broken probe.
PLAUSIBLE = (Decimal("-40"), Decimal("40"))
_TYPED = re.compile(r"[+-]?[0-9]{1,6}(\.[0-9]{1,6})?")


class ColdChainError(ValueError):
    """Refused reading or setting; the message is French."""


def class_label(limit: Decimal) -> str:
    return f"≤ {'+' if limit > 0 else '−' if limit < 0 else ''}{abs(limit):g} °C"


@dataclass(frozen=True)
class ColdSettings:
    classes: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_CLASSES))
    category_classes: Mapping[str, str] = field(default_factory=dict)  # category code → class

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ColdSettings:
        """[COLD_CHAIN_CLASSES] (class → °C) and [COLD_CHAIN_CATEGORY_CLASSES] (category code → class)."""
        classes = {**DEFAULT_CLASSES, **{k: Decimal(str(v)) for k, v in
                                         dict(config.get("COLD_CHAIN_CLASSES") or {}).items()}}
        return cls(classes, dict(config.get("COLD_CHAIN_CATEGORY_CLASSES") or {}))

    def limit(self, unit_class: str, category_codes: Iterable[str] = ()) -> Decimal:
        """The unit's limit, tightened by the class of any category of the lots it holds."""
        if unit_class not in self.classes:
            raise ColdChainError("Classe de température inconnue.")
        limits = [self.classes[unit_class]]
        limits += [self.classes[self.category_classes[code]] for code in category_codes
                   if self.category_classes.get(code) in self.classes]
        return min(limits)


def read_celsius(raw: str | None) -> Decimal:
    """A typed temperature ("3,5", "-18", "−18"), to the tenth of a degree, within the plausible range."""
    text = (raw or "").strip().replace(",", ".").replace("−", "-").replace("°C", "").replace("°", "").strip()
    if not _TYPED.fullmatch(text):  # ASCII digits only: Decimal() would also take "1e5", "NaN" or "٣"
        raise ColdChainError(f"« {(raw or '')[:20]} » n'est pas une température (ex. 3,5 ou -18).")
    value = Decimal(text)
    if not PLAUSIBLE[0] <= value <= PLAUSIBLE[1]:
        raise ColdChainError(f"Température impossible : {(raw or '')[:20]} °C. Une sonde lit entre −40 et +40 °C : "
                             "vérifiez la saisie ou la sonde.")
    return value.quantize(Decimal("0.1"))


def out_of_range(celsius: Decimal, limit: Decimal) -> bool:
    return celsius > limit
