"""Card numbers (pure): pseudonymous, "GS-000123" with the network's prefix and digit count.

Scanners and fingers are forgiving: lower case, spaces or a missing dash are normalised; anything
else is not one of our cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from households.errors import ForeignCard


@dataclass(frozen=True)
class CardFormat:
    prefix: str = "GS-"
    digits: int = 6

    def format(self, serial: int) -> str:
        if not 0 < serial < 10 ** self.digits:
            raise ValueError(f"serial {serial} does not fit in {self.digits} digits")
        return f"{self.prefix}{serial:0{self.digits}d}"

    def serial(self, card_number: str) -> int:
        return int(self.normalise(card_number)[len(self.prefix):])

    def normalise(self, raw: str) -> str:
        """The canonical card number, or ForeignCard with a French message."""
        text = re.sub(r"\s+", "", raw or "").upper()
        letters = re.escape(self.prefix.rstrip("-").upper())
        match = re.fullmatch(rf"{letters}-?(\d{{{self.digits}}})", text)
        if not match:
            shown = (raw or "").strip() or "(vide)"
            raise ForeignCard(
                f"« {shown} » n'est pas une carte du réseau : les cartes portent un numéro "
                f"« {self.format(123)} ». Carte d'un autre réseau ? Orientez la personne vers "
                "l'accueil.")
        return f"{self.prefix}{match.group(1)}"

    def scrub(self, text: str, replacement: str = "[carte effacée]") -> str:
        """`text` without any card number of this network (the purge leaves none behind)."""
        letters = re.escape(self.prefix.rstrip("-"))
        return re.sub(rf"{letters}\s*-?\s*\d{{{self.digits}}}", replacement, text, flags=re.IGNORECASE)

    def is_valid(self, raw: str) -> bool:
        try:
            self.normalise(raw)
        except ForeignCard:
            return False
        return True
