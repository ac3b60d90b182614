"""The SHA-256 chain of the sales journal: any edit, deletion or reordering is found."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pos.journal_chain import GENESIS, Anchor, ChainedEntry, entry_hash, verify_chain


def chain(payloads):
    entries, previous = [], GENESIS
    for sequence, payload in enumerate(payloads, start=1):
        digest = entry_hash(previous, sequence, payload)
        entries.append(ChainedEntry(sequence, previous, digest, payload))
        previous = digest
    return entries


PAYLOADS = [{"kind": "sale", "total": Decimal("3.20")}, {"kind": "sale", "total": Decimal("1.10")},
            {"kind": "void", "of": 2}, {"kind": "sale", "total": Decimal("0.00")}]


def test_an_intact_journal_verifies():
    assert verify_chain(chain(PAYLOADS)) is None


def test_an_edited_amount_breaks_its_own_link():
    entries = chain(PAYLOADS)
    entries[1] = replace(entries[1], payload={"kind": "sale", "total": Decimal("0.10")})
    broken = verify_chain(entries)
    assert broken.sequence == 2 and broken.reason == "le contenu de l'écriture a été modifié"


def test_a_deleted_entry_is_a_gap():
    entries = chain(PAYLOADS)
    del entries[2]
    broken = verify_chain(entries)
    assert broken.sequence == 3 and "numéro 3 manquant" in broken.reason


def test_a_rehashed_entry_still_breaks_the_next_link():
    entries = chain(PAYLOADS)
    forged = {"kind": "sale", "total": Decimal("0.10")}
    entries[1] = replace(entries[1], payload=forged, hash=entry_hash(entries[1].previous_hash, 2, forged))
    assert verify_chain(entries).sequence == 3


def test_amounts_hash_as_written_so_the_journal_stores_them_quantized():
    assert entry_hash(GENESIS, 1, {"t": Decimal("0.10")}) != entry_hash(GENESIS, 1, {"t": Decimal("0.1")})


@given(st.lists(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3), min_size=1, max_size=20),
       st.data())
def test_any_single_change_is_detected(payloads, data):
    entries = chain(payloads)
    index = data.draw(st.integers(0, len(entries) - 1))
    tampered = dict(entries[index].payload, tampered=True)
    entries[index] = replace(entries[index], payload=tampered)
    assert verify_chain(entries).sequence == index + 1


def test_a_cut_tail_shows_against_an_anchor():
    entries = chain(PAYLOADS)
    anchor = Anchor(4, entries[3].hash, "clôture Z du 28/11/2026 18:00")
    assert verify_chain(entries, [anchor]) is None
    broken = verify_chain(entries[:2], [anchor])
    assert broken.sequence == 3
    assert broken.reason == ("fin du journal supprimée : écritures n° 3 à 4 manquantes, peut-être davantage "
                             "(ancre : clôture Z du 28/11/2026 18:00)")


def test_a_rebuilt_tail_does_not_match_its_anchor():
    entries = chain(PAYLOADS)
    anchor = Anchor(3, entries[2].hash[:8], "ticket Z")
    rebuilt = chain([*PAYLOADS[:2], {"kind": "sale", "total": Decimal("9.99")}])
    assert verify_chain(rebuilt, [anchor]).reason == "l'écriture ne correspond pas à son ancre (ticket Z)"
