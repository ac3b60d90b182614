"""« Commandes des sites »: the open orders per site, each a link to the dispatch that starts from it."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from flask import render_template

from gers.web import db, roles
from warehouse import orders
from warehouse.web import STAFF, bp, today


@bp.route("/commandes")
@roles(*STAFF)
def site_orders():
    by_site = [(site, list(rows)) for site, rows in
               groupby(sorted(orders.open_orders(db()), key=lambda o: (o.site.name, o.sent_at)), key=lambda o: o.site)]
    return render_template("warehouse/orders.html", by_site=by_site, closed=orders.recent_closed(db()),
                           state_label=orders.state_label, ship_on=today() + dt.timedelta(days=1))
