"""Retention purge, right-of-access export, audit trail, card sheet PDF."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from households import commission, privacy, registry
from households.access_models import AccessPeriod, AccessRequest
from households.documents import CardFace, card_barcode, card_sheet_pdf, export_pdf
from households.enums import AuditAction, Outcome, PurgeMode
from households.models import Household, HouseholdContact, HouseholdMember
from households.registry import ContactInput
from pos.purchases import purchases_of
from tests.conftest import BOTH_BACKENDS
from tests.households.helpers import NOW, TODAY, request_input

LATER = NOW + dt.timedelta(days=2 * 365 + 30)  # a little over two years after the last contact


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def old_and_recent(session, register, grant_access):
    old = register(1960, contact=ContactInput(contact_name="Contact fictif", phone="06 00 00 00 00"))
    commission.submit_request(session, old, request_input(personal_project="Dette de loyer"), actor=None,
                              now=NOW, owner_node="CENTRAL")
    recent = register(1990)
    grant_access(recent, TODAY, 6)
    recent.last_contact_at = LATER - dt.timedelta(days=30)
    session.commit()
    return old, recent


def test_purge_is_a_dry_run_by_default(session, old_and_recent):
    old, _recent = old_and_recent
    report = privacy.purge(session, now=LATER, apply=False, owner_node="CENTRAL")
    assert report.card_numbers == (old.card_number,) and not report.applied
    assert report.text() == ("1 foyer(s) sans contact depuis le 27/12/2026 seraient anonymisés :\n"
                             f"  {old.card_number}\n"
                             "Simulation : rien n'a été modifié. Relancez avec --appliquer pour le faire.")
    assert session.get(Household, old.id).anonymised_at is None


@BOTH_BACKENDS
def test_purge_anonymises_and_removes_every_link_to_a_person(session, old_and_recent):
    old, recent = old_and_recent
    old_card = old.card_number
    privacy.purge(session, now=LATER, apply=True, owner_node="CENTRAL")
    session.commit()
    session.expire_all()
    purged = session.get(Household, old.id)
    assert purged.card_number.startswith("ANON-") and purged.commune == "" and purged.anonymised_at
    assert count(session, HouseholdContact) == 0
    request = session.scalar(select(AccessRequest).where(AccessRequest.household_id == old.id))
    assert (request.referring_worker, request.personal_project) == ("", "")
    assert [m.birth_year for m in purged.members] == [1960]  # statistics survive
    assert session.scalar(select(Household.id).where(Household.card_number == old_card)) is None
    assert session.get(Household, recent.id).anonymised_at is None
    assert registry.audit_trail(session, old.id)[0].action is AuditAction.ANONYMISED
    # A second run finds nothing more to do.
    assert privacy.purge(session, now=LATER, apply=True, owner_node="CENTRAL").card_numbers == ()


@BOTH_BACKENDS
def test_purge_in_delete_mode_removes_the_rows(session, old_and_recent):
    old, recent = old_and_recent
    report = privacy.purge(session, now=LATER, apply=True, mode=PurgeMode.DELETE, owner_node="CENTRAL")
    session.commit()
    assert report.text().startswith("1 foyer(s) sans contact depuis le 27/12/2026 ont été supprimés :")
    session.expire_all()
    assert session.get(Household, old.id) is None
    assert count(session, HouseholdContact) == 0 and count(session, AccessRequest) == 1  # the recent one's
    assert count(session, HouseholdMember) == 1 and count(session, AccessPeriod) == 1
    assert registry.audit_trail(session, old.id)[0].action is AuditAction.DELETED


def test_export_holds_everything_stored_about_one_household(session, register, grant_access):
    household = register(1985, 2024, contact=ContactInput(phone="05 62 00 00 00"), participation_rate=Decimal("20"))
    grant_access(household, TODAY, 3)
    session.expire_all()
    data = privacy.export_household(session, household, purchases=purchases_of)
    text = json.dumps(data, ensure_ascii=False)  # JSON-ready all the way down
    assert data["foyer"]["card_number"] == household.card_number
    assert data["foyer"]["participation_rate"] == "20.00"
    assert data["membres"] == [{"birth_year": 1985, "sex": "F"}, {"birth_year": 2024, "sex": "F"}]
    assert data["coordonnees"]["phone"] == "05 62 00 00 00"
    assert data["demandes"][0]["referring_organisation"] == "CCAS d'Auch"
    assert data["demandes"][0]["motifs"] == "Perte d'emploi, baisse de ressources"
    assert data["decisions"][0]["outcome"] == "Favorable"
    assert data["acces"] == [{"starts_on": "2026-11-28", "ends_on": "2027-02-27", "kind": "Accès"}]
    assert data["droits"][0]["value"] == "35.00" and data["droits"][0]["parts_par_site"][0]["percent"] == "100.00"
    assert data["achats"] == []  # none yet (see test_privacy_with_sales.py)
    assert {"Dossier créé", "Demande enregistrée", "Décision de commission"} <= {e["action"] for e in data["journal"]}
    pdf = export_pdf(data, "Gers Solidaire", compress=False)
    assert pdf.startswith(b"%PDF") and household.card_number.encode() in pdf and b"05 62 00 00 00" in pdf
    assert data["foyer"]["home_site"] == "Épicerie solidaire d'Auch" and "Contact" not in text


def test_card_sheet_holds_each_card_number_and_its_code_128(session):
    faces = [CardFace(f"GS-{n:06d}", "Épicerie solidaire d'Auch") for n in range(1, 13)]
    pdf = card_sheet_pdf(faces, "Gers Solidaire", compress=False)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 2  # ten cards per A4 sheet
    for face in faces:
        assert f"({face.card_number}) Tj".encode() in pdf
    assert pdf.count(b"(Gers Solidaire) Tj") == 12
    barcode = card_barcode("GS-000001")
    assert barcode.value == "GS-000001"
    assert 0 < barcode.width < 85 * 2.83  # fits on an ID-1 card (points)
    # Start B, "G" "S" "-", switch to code C, "00" "00" "01", then checksum and stop.
    assert barcode.encoded[:-2] == [104, 39, 51, 13, 99, 0, 0, 1] and barcode.encoded[-1] == 106


def test_emergency_reviewed_by_the_commission_opens_a_regular_access(session, register, auch):
    from households import emergency

    household = register(1980)
    emergency.grant_emergency(session, household, site_id=auch.id, actor=None, today=TODAY, now=NOW,
                              owner_node="CENTRAL")
    meeting = commission.open_session(session, site_id=auch.id, held_on=TODAY + dt.timedelta(days=7),
                                      owner_node="CENTRAL")
    [item] = commission.agenda(session, meeting, TODAY)
    assert item.subject == "emergency" and item.emergency_dates == (TODAY, dt.date(2026, 12, 11))
    commission.decide(session, meeting, subject_id=item.subject_id, outcome=Outcome.FAVOURABLE,
                      duration_months=3, note="", actor=None, now=NOW, owner_node="CENTRAL")
    periods = commission.periods_of(session, household.id)
    assert [(p.kind.value, p.starts_on) for p in periods] == [("emergency", TODAY), ("initial", dt.date(2026, 12, 12))]
    assert commission.agenda(session, meeting, TODAY) == []
