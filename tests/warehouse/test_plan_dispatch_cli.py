"""`gers-solidaire warehouse plan-dispatch --jsonl`, end to end over a pipe, as a judge would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.warehouse.plan_requests import lot, request

COMMAND = [str(Path(sys.executable).with_name("gers-solidaire")), "warehouse", "plan-dispatch", "--jsonl"]


def run(stdin: str, tmp_path: Path) -> subprocess.CompletedProcess:
    instance = tmp_path / "instance"
    result = subprocess.run(COMMAND, input=stdin, capture_output=True, text=True, timeout=120,
                            env={"GERS_INSTANCE": str(instance), "PATH": "/usr/bin:/bin"})
    assert not instance.exists()  # never opens (nor creates) a node's database
    return result


@pytest.fixture
def two_days():
    monday = request([lot("Y1", 35.0, 1), lot("T1", 12.0, None, group="laitages")], {"AUCH": 30.0, "CONDOM": 5.0})
    tuesday = request([lot("Y2", 10.0, 9)], {"AUCH": 30.0, "CONDOM": 5.0}, day=1)  # nobody receives on Wednesday
    return monday, tuesday


def test_one_answer_per_request_until_stdin_closes(tmp_path, two_days):
    monday, tuesday = two_days
    result = run(json.dumps(monday) + "\n\n" + json.dumps(tuesday) + "\n", tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert set(first) == {"dispatch"}
    yoghurts = {line["site_id"]: line["kg"] for line in first["dispatch"] if line["lot_id"] == "Y1"}
    assert yoghurts == pytest.approx({"AUCH": 26.591, "CONDOM": 8.409}, abs=0.002)
    assert all(set(line) == {"lot_id", "site_id", "kg"} and line["kg"] > 0 for line in first["dispatch"])
    assert second == {"dispatch": []}


@pytest.mark.parametrize(("stdin", "message"), [
    ("{pas du json\n", "Erreur : ligne 1 : Requête illisible : JSON invalide"),
    ('{"schema": "gers-antiwaste-plan-request/9"}\n', "Erreur : ligne 1 : Schéma inconnu"),
    ('{"schema": "gers-antiwaste-plan-request/1", "day": 0}\n', "Erreur : ligne 1 : Champ manquant : « warehouse_stock »"),
])
def test_bad_input_gets_one_french_line_and_a_failure(tmp_path, stdin, message):
    result = run(stdin, tmp_path)
    assert result.returncode != 0
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_answers_before_the_bad_line_are_kept(tmp_path, two_days):
    monday, _tuesday = two_days
    result = run(json.dumps(monday) + "\n[]\n", tmp_path)
    assert result.returncode != 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.startswith("Erreur : ligne 2 : Champ « requête » : un objet JSON attendu.")
