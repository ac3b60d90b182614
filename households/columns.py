"""Column conventions shared by the room's model modules."""

from __future__ import annotations

from sqlalchemy import Numeric

# Rates and shares in percent with two decimals: 10.00 means 10 %.
Percent = Numeric(5, 2, asdecimal=True)
