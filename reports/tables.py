"""A figure table as the screens and the CSV downloads show it: columns, typed cells, a chart spec and,
per row, the link to the rows behind it (see reports.drill)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from gers.formatting import money, percent, weight_kg

TEXT, INT, MONEY, GRAMS, PERCENT, DAYS = "text", "int", "money", "grams", "percent", "days"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT
    csv_name: str = ""  # the CSV header (defaults to the title)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    links: list[dict | None] = field(default_factory=list)  # drill-down query of each row, or None
    chart_type: str = "bar"
    chart_columns: tuple[int, ...] = (1,)  # value columns drawn; column 0 gives the labels
    note: str = ""

    def add(self, row: list, link: dict | None = None) -> None:
        self.rows.append(row)
        self.links.append(link)

    def cell(self, row: int, column: int) -> str:
        return show(self.rows[row][column], self.columns[column].kind)

    def chart_json(self) -> str:
        """What the page's script draws (a data- attribute: no inline script under the CSP)."""
        datasets = [{"label": self.columns[index].title,
                     "data": [_number(row[index], self.columns[index].kind) for row in self.rows]}
                    for index in self.chart_columns]
        return json.dumps({"type": self.chart_type, "labels": [str(row[0]) for row in self.rows],
                           "datasets": datasets}, ensure_ascii=False)

    def csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([column.csv_name or column.title for column in self.columns])
        for row in self.rows:
            writer.writerow([_raw(value, column.kind) for value, column in zip(row, self.columns, strict=True)])
        return ("\ufeff" + buffer.getvalue()).encode()


def show(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == MONEY:
        return money(value)
    if kind == GRAMS:
        return weight_kg(int(value))
    if kind == PERCENT:
        return percent(value)
    if kind == DAYS:
        return f"{str(value).replace('.', ',')} j"
    return str(value)


def _number(value, kind: str) -> float | None:
    if value is None:
        return None
    if kind == GRAMS:
        return round(int(value) / 1000, 3)
    return float(value) if isinstance(value, Decimal | int | float) else None


def _raw(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == GRAMS:
        return f"{Decimal(int(value)) / 1000:.3f}"
    return str(value)
