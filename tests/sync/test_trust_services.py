"""Central's trust use cases on both backends: enrol, revoke, and every refused request on record."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gers.db import Base
from inventory.enums import SiteKind
from sync import identity as ident
from sync import services
from sync.identity import NodeIdentity, Refusal
from sync.models import SyncNode, SyncNonce
from sync.services import RequestRefused, SignedRequest, SyncError
from tests.conftest import BOTH_BACKENDS

NOW = dt.datetime(2026, 11, 28, 21, 0, tzinfo=dt.UTC)
CENTRAL = ident.generate_key_pair()
URL = "https://central.gers-solidaire.example"
HELLO = "/sync/v1/hello"


@pytest.fixture
def enrolled(session, make_site) -> NodeIdentity:
    make_site(code="AUCH", name="Auch")
    _node, identity = services.enrol(session, code="auch", central=CENTRAL, central_url=URL, now=NOW)
    session.commit()
    return identity


def signed(identity: NodeIdentity, body: bytes = b"{}", at: dt.datetime = NOW, nonce: str | None = None,
           target: str = HELLO) -> SignedRequest:
    headers = ident.request_headers(identity, "POST", target, body, at, nonce or ident.new_nonce())
    return SignedRequest("POST", target, body, headers, "192.0.2.7")


def refused(session, request: SignedRequest, now: dt.datetime = NOW) -> Refusal:
    with pytest.raises(RequestRefused) as caught:
        services.authenticate(session, request, now=now)
    session.commit()
    return caught.value.reason


@BOTH_BACKENDS
def test_an_enrolled_node_is_accepted_and_its_clock_offset_recorded(session, enrolled):
    late_clock = NOW - dt.timedelta(hours=3, minutes=5)  # a Pi without network for days
    accepted = services.authenticate(session, signed(enrolled, at=late_clock), now=NOW)
    session.commit()
    assert accepted.node.code == "AUCH" and accepted.previous_seen_at is None
    assert accepted.clock_offset_seconds == 3 * 3600 + 5 * 60
    node = session.scalar(select(SyncNode))
    assert (node.last_seen_at, node.clock_offset_seconds) == (NOW, 11100)
    assert enrolled.central_public_key == CENTRAL.public_key and enrolled.central_url == URL
    # Central keeps the public half only.
    assert node.public_key == ident.public_key_of(enrolled.private_key)
    assert enrolled.private_key not in {str(v) for v in node.__dict__.values()}


@BOTH_BACKENDS
def test_forged_altered_replayed_unknown_and_revoked_requests_are_refused_and_logged(session, enrolled):
    impostor = NodeIdentity("AUCH", ident.generate_key_pair().private_key, URL, CENTRAL.public_key)
    assert refused(session, signed(impostor)) == Refusal.BAD_SIGNATURE
    altered = signed(enrolled, body=b'{"kg":1}')
    assert refused(session, SignedRequest("POST", HELLO, b'{"kg":9}', altered.headers)) == Refusal.ALTERED_BODY
    moved = signed(enrolled)
    assert refused(session, SignedRequest("POST", "/sync/v1/push", b"{}", moved.headers)) == Refusal.BAD_SIGNATURE
    first = signed(enrolled)
    services.authenticate(session, first, now=NOW)
    session.commit()
    assert refused(session, first, now=NOW + dt.timedelta(minutes=5)) == Refusal.REPLAYED_NONCE
    assert refused(session, signed(enrolled, at=NOW - dt.timedelta(hours=25))) == Refusal.CLOCK_SKEW
    stranger = NodeIdentity("CONDOM", ident.generate_key_pair().private_key, URL, CENTRAL.public_key)
    assert refused(session, signed(stranger)) == Refusal.UNKNOWN_NODE
    no_signature = dict(signed(enrolled).headers)
    del no_signature[ident.HEADER_SIGNATURE]
    assert refused(session, SignedRequest("POST", HELLO, b"{}", no_signature)) == Refusal.MALFORMED
    services.revoke(session, code="AUCH", now=NOW)
    session.commit()
    assert refused(session, signed(enrolled)) == Refusal.REVOKED_NODE
    trail = sorted((r.reason, r.node_code) for r in services.refusals(session))
    expected = [Refusal.BAD_SIGNATURE, Refusal.ALTERED_BODY, Refusal.BAD_SIGNATURE, Refusal.REPLAYED_NONCE,
                Refusal.CLOCK_SKEW, Refusal.MALFORMED, Refusal.REVOKED_NODE]
    assert trail == sorted([(reason, "AUCH") for reason in expected] + [(Refusal.UNKNOWN_NODE, "CONDOM")])
    assert all(r.remote_addr in {"192.0.2.7", ""} for r in services.refusals(session))


def test_the_refusal_tells_the_offset_of_a_clock_too_far_off(session, enrolled):
    with pytest.raises(RequestRefused, match="Horloge du nœud en retard de 30 h 00 .*tolérance : 24 h"):
        services.authenticate(session, signed(enrolled, at=NOW - dt.timedelta(hours=30)), now=NOW)
    ahead = signed(enrolled, at=NOW + dt.timedelta(hours=23, minutes=59))
    assert services.authenticate(session, ahead, now=NOW).clock_offset_seconds == -(23 * 3600 + 59 * 60)


def test_nonces_are_forgotten_once_no_request_carrying_them_could_pass(session, enrolled):
    for _ in range(3):
        services.authenticate(session, signed(enrolled), now=NOW)
    session.commit()
    assert session.scalar(select(func.count()).select_from(SyncNonce)) == 3
    later = NOW + dt.timedelta(hours=24, seconds=1)
    services.authenticate(session, signed(enrolled, at=later), now=later)
    assert session.scalar(select(func.count()).select_from(SyncNonce)) == 1


@BOTH_BACKENDS
def test_a_stolen_node_is_revoked_and_its_replacement_enrolled_under_the_same_code(session, enrolled):
    with pytest.raises(SyncError, match="déjà enrôlé .* révoquez-le d'abord"):
        services.enrol(session, code="AUCH", central=CENTRAL, central_url=URL, now=NOW)
    services.revoke(session, code="AUCH", now=NOW)
    _node, replacement = services.enrol(session, code="AUCH", central=CENTRAL, central_url=URL,
                                        now=NOW + dt.timedelta(hours=1))
    session.commit()
    assert replacement.private_key != enrolled.private_key
    assert refused(session, signed(enrolled)) == Refusal.BAD_SIGNATURE  # the old key signs for nobody
    assert services.authenticate(session, signed(replacement), now=NOW).node.code == "AUCH"
    assert [(n.code, n.revoked_at) for n in services.list_nodes(session)] == [("AUCH", NOW), ("AUCH", None)]


def test_only_sites_and_mobile_units_can_be_enrolled(session, make_site):
    make_site(code="ENTREPOT", kind=SiteKind.WAREHOUSE)
    make_site(code="CRSR1", kind=SiteKind.MOBILE_UNIT)
    with pytest.raises(SyncError, match="Aucun site ni unité mobile de code « NOWHERE »"):
        services.enrol(session, code="NOWHERE", central=CENTRAL, central_url=URL, now=NOW)
    with pytest.raises(SyncError, match="entrepôt départemental"):
        services.enrol(session, code="ENTREPOT", central=CENTRAL, central_url=URL, now=NOW)
    with pytest.raises(SyncError, match="Aucun nœud AUCH enrôlé"):
        services.revoke(session, code="AUCH", now=NOW)
    node, _identity = services.enrol(session, code="CRSR1", central=CENTRAL, central_url=URL, now=NOW)
    assert node.code == "CRSR1"


def test_every_trust_table_stays_on_central():
    trust = {"sync_node", "sync_nonce", "sync_refusal"}
    sync_tables = {name: table for name, table in Base.metadata.tables.items() if name in trust}
    assert set(sync_tables) == trust
    assert all(table.info.get("central_only") for table in sync_tables.values())


@BOTH_BACKENDS
def test_two_copies_arriving_at_once_let_one_through_and_refuse_the_other(session, enrolled):
    """The copy that lost the race meets the unique nonce at flush, after the lookup said 'unseen'."""
    request = signed(enrolled)
    node = services.active_node(session, "AUCH")
    with session.no_autoflush:  # the winner's row is not visible to the lookup, as in another transaction
        session.add(SyncNonce(node_id=node.id, nonce=request.headers[ident.HEADER_NONCE],
                              expires_at=NOW + dt.timedelta(hours=1)))
        assert refused(session, request) == Refusal.REPLAYED_NONCE
    assert [r.reason for r in services.refusals(session)] == [Refusal.REPLAYED_NONCE]
