"""The signing rules alone: what a node signs, and that changing any part of it breaks the signature."""

from __future__ import annotations

import datetime as dt

import pytest

from sync import identity as ident
from sync.identity import IdentityError, NodeIdentity

NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
NONCE = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def node() -> NodeIdentity:
    pair, central = ident.generate_key_pair(), ident.generate_key_pair()
    return NodeIdentity("AUCH", pair.private_key, "https://central.example", central.public_key)


def _verifies(node: NodeIdentity, headers: dict[str, str], method="POST", target="/sync/v1/hello",
              body=b'{"rows":1}', code="AUCH", timestamp=None, nonce=None) -> bool:
    message = ident.request_message(method, target, code, timestamp or int(headers[ident.HEADER_TIMESTAMP]),
                                    nonce or headers[ident.HEADER_NONCE], ident.body_digest(body))
    return ident.verify(ident.public_key_of(node.private_key), message, headers[ident.HEADER_SIGNATURE])


def test_a_signed_request_verifies_and_any_change_breaks_it(node):
    headers = ident.request_headers(node, "POST", "/sync/v1/hello", b'{"rows":1}', NOW, NONCE)
    assert headers[ident.HEADER_NODE] == "AUCH"
    assert headers[ident.HEADER_TIMESTAMP] == str(int(NOW.timestamp()))
    assert headers[ident.HEADER_BODY_SHA256] == ident.body_digest(b'{"rows":1}')
    assert _verifies(node, headers)
    assert not _verifies(node, headers, body=b'{"rows":2}')
    assert not _verifies(node, headers, target="/sync/v1/push")
    assert not _verifies(node, headers, target="/sync/v1/hello?x=1")
    assert not _verifies(node, headers, method="PUT")
    assert not _verifies(node, headers, timestamp=int(NOW.timestamp()) + 1)
    assert not _verifies(node, headers, nonce="f" * 32)
    assert not _verifies(node, headers, code="CONDOM")


def test_another_key_or_a_garbled_signature_does_not_verify(node):
    message = ident.request_message("POST", "/sync/v1/hello", "AUCH", 1, NONCE, ident.body_digest(b""))
    signature = ident.sign(node.private_key, message)
    assert ident.verify(ident.public_key_of(node.private_key), message, signature)
    assert not ident.verify(ident.generate_key_pair().public_key, message, signature)
    assert not ident.verify(ident.public_key_of(node.private_key), message, "pas du base64 !")
    assert not ident.verify(ident.public_key_of(node.private_key), message, signature[:-8] + "AAAAAAA=")


def test_an_answer_is_bound_to_the_request_nonce():
    central = ident.generate_key_pair()
    digest = ident.body_digest(b"{}")
    signature = ident.sign(central.private_key, ident.response_message(200, "AUCH", NONCE, digest))
    assert ident.verify(central.public_key, ident.response_message(200, "AUCH", NONCE, digest), signature)
    assert not ident.verify(central.public_key, ident.response_message(200, "AUCH", "a" * 32, digest), signature)
    assert not ident.verify(central.public_key, ident.response_message(401, "AUCH", NONCE, digest), signature)


def test_the_identity_file_round_trips_and_bad_files_get_a_french_message(node):
    assert NodeIdentity.from_json(node.to_json()) == node
    with pytest.raises(IdentityError, match="pas du JSON"):
        NodeIdentity.from_json("{oops")
    with pytest.raises(IdentityError, match="n'est pas un fichier d'identité"):
        NodeIdentity.from_json('{"node": "AUCH"}')
    damaged = node.to_json().replace(node.private_key, "abc")
    with pytest.raises(IdentityError, match="Clé privée illisible"):
        NodeIdentity.from_json(damaged)
