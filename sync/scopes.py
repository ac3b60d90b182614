"""What concerns a node: for each travelling table, the rows central sends it (a SQL predicate).

- The catalog, the sites and their hours, the vans' dated stops, food groups, quotas, settings and
  recalls go to every node.
- A table with a `site_id` goes to that site's node (and rows with no site, network-wide ones).
- A household travels whole, with its members, access periods and grants, to the nodes where it has
  access: its home site, a site that holds a share of its allowance, and the mobile units that stop
  in its commune (weekly slots or dated tour stops). A dispatch travels whole, with its lines and their lots, to the site it goes to.
- The warehouse's own paperwork (deliveries, intake lines, attestations) stays on central.
- Rows the node owns come back down only within a household (central may have added to it) or when
  it recovers from a backup (central.py); its own newer copy is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, Table, and_, false, or_, select, union

from gers.models import User
from households.grant_models import AllowanceGrant, GrantShare
from households.models import Household
from inventory.enums import SiteKind
from inventory.models import OpeningSlot, Site
from inventory.stock_models import Lot
from tours.models import TourStop
from warehouse.models import Dispatch, DispatchLine

# Tables whose rows go down as part of a household: table -> its link to the household.
HOUSEHOLD_FAMILY = ("household", "household_member", "access_period", "allowance_grant",
                    "allowance_grant_share", "allowance_grant_category_limit", "allowance_grant_supplement")
GRANT_CHILDREN = ("allowance_grant_share", "allowance_grant_category_limit", "allowance_grant_supplement")
DISPATCH_FAMILY = ("dispatch", "dispatch_line")
# A family's child rows that the node drops when they are no longer in the family central sends.
REPLACED_CHILDREN = ("household_member", *GRANT_CHILDREN, "dispatch_line")
CENTRAL_PAPERWORK = frozenset({"delivery", "intake_line", "donor_attestation", "stock_discrepancy"})
# Rows without a site of their own follow their parent's scope: table -> (link column, parent table).
PARENT_SCOPED = {"stock_count_line": ("count_id", "stock_count"),
                 "dispatch_receipt_line": ("receipt_id", "dispatch_receipt"),
                 "journal_line": ("entry_id", "journal_entry"), "journal_tender": ("entry_id", "journal_entry"),
                 "cash_closing": ("entry_id", "journal_entry"), "receipt_print": ("entry_id", "journal_entry"),
                 "basket_line": ("basket_id", "basket")}
# Tables with a site of their own that still go to every node: each site's kiosk shows every van's stops.
NETWORK_WIDE = frozenset({"tour_stop"})
# Rows of other sites' staff reach a node only so that what refers to them holds (a dispatch names
# who prepared it): without their secrets and inactive.
SECRET_COLUMNS = ("pin_hash", "password_hash")


@dataclass(frozen=True)
class NodeScope:
    code: str
    site_id: object  # uuid.UUID
    mobile: bool
    central_code: str = "CENTRAL"


def node_scope(session, code: str, site_id, central_code: str = "CENTRAL") -> NodeScope:
    kind = session.scalar(select(Site.kind).where(Site.id == site_id))
    return NodeScope(code, site_id, kind == SiteKind.MOBILE_UNIT, central_code)


def households_in_scope(scope: NodeScope) -> Select:
    parts = [select(Household.id).where(Household.home_site_id == scope.site_id),
             select(AllowanceGrant.household_id).join(GrantShare, GrantShare.grant_id == AllowanceGrant.id)
             .where(GrantShare.site_id == scope.site_id)]
    if scope.mobile:
        villages = select(OpeningSlot.village).where(OpeningSlot.site_id == scope.site_id, OpeningSlot.village.is_not(None))
        # The dated stops too: a stop added by hand in a village outside the weekly tour brings its households.
        stops = select(TourStop.commune).where(TourStop.site_id == scope.site_id, ~TourStop.cancelled)
        parts.append(select(Household.id).where(or_(Household.commune.in_(villages), Household.commune.in_(stops))))
    return union(*parts)


def dispatches_in_scope(scope: NodeScope) -> Select:
    return select(Dispatch.id).where(Dispatch.to_site_id == scope.site_id)


def lots_in_scope(scope: NodeScope) -> Select:
    return union(select(DispatchLine.lot_id).join(Dispatch, Dispatch.id == DispatchLine.dispatch_id)
                 .where(Dispatch.to_site_id == scope.site_id),
                 select(Lot.id).where(Lot.received_site_id == scope.site_id))


def warehouse_sites() -> Select:
    return select(Site.id).where(Site.kind == SiteKind.WAREHOUSE)


def in_scope(table: Table, scope: NodeScope) -> ColumnElement[bool]:
    """The rows of `table` that central sends this node (false() for a table that stays on central).

    A household comes whole, whoever wrote its rows (a site may have opened it in an emergency);
    anything else comes down only as central wrote it: another site's sales never reach this node.
    """
    c = table.c
    if table.name in HOUSEHOLD_FAMILY:
        # Whole, the node's own rows included: central may have added rows (a share) under a row the
        # node wrote (its emergency grant), and a new node must get both. The node keeps its newer copy.
        return _household_link(table, scope)
    if table.name in CENTRAL_PAPERWORK:
        return false()
    by_central = c.owner_node == scope.central_code
    if table.name == "dispatch":
        return and_(by_central, c.id.in_(dispatches_in_scope(scope)))
    if table.name == "dispatch_line":
        return and_(by_central, c.dispatch_id.in_(dispatches_in_scope(scope)))
    if table.name == "lot":
        return and_(by_central, c.id.in_(lots_in_scope(scope)))
    if table.name == User.__tablename__:
        return and_(by_central, or_(c.site_id.is_(None), c.site_id == scope.site_id,
                                    c.site_id.in_(warehouse_sites())))
    if table.name in PARENT_SCOPED:
        link, parent_name = PARENT_SCOPED[table.name]
        parent = table.metadata.tables[parent_name]
        return and_(by_central, c[link].in_(select(parent.c.id).where(in_scope(parent, scope))))
    if "site_id" in c and table.name not in NETWORK_WIDE:
        return and_(by_central, or_(c.site_id.is_(None), c.site_id == scope.site_id))
    return by_central


def _household_link(table: Table, scope: NodeScope) -> ColumnElement[bool]:
    c = table.c
    if table.name == "household":
        return c.id.in_(households_in_scope(scope))
    if table.name in GRANT_CHILDREN:
        return c.grant_id.in_(select(AllowanceGrant.id).where(AllowanceGrant.household_id.in_(households_in_scope(scope))))
    return c.household_id.in_(households_in_scope(scope))


def strip_secrets(table: Table, row: dict, scope: NodeScope) -> dict:
    """Another site's staff member: known by name at this node, never able to sign in there."""
    if table.name == User.__tablename__ and row["site_id"] not in (None, scope.site_id):
        row = {**row, **{column: None for column in SECRET_COLUMNS}, "active": False}
    return row
