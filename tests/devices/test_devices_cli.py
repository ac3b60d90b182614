"""The operator tools, through click's CliRunner: French output, JSON where scripts read it,
non-zero exit and no traceback on errors."""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from devices.cli import devices_group
from devices.cli_simulate import PtyScannerSimulator, apply_command
from devices.interfaces import Scan
from devices.printer_sim import TcpPrinterSimulator
from devices.scale_serial import SerialScale
from devices.scale_sim import PtyScaleSimulator
from devices.scanner_serial import SerialScanner

MakeSim = Callable[..., PtyScaleSimulator]


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(devices_group, list(args), input=input)


def test_help_is_in_french() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for text in ("Utilisation :", "Commandes", "Afficher cette aide et quitter.", "doctor", "replay",
                 "read-weight", "print-test", "simulate", "lecteur de codes-barres"):
        assert text in result.output
    assert "Protocole de la balance." in run("read-weight", "--help").output


def test_usage_errors_are_in_french() -> None:
    missing = run("read-weight")
    assert missing.exit_code == 2
    assert "Erreur : Option obligatoire manquante : --port." in missing.stderr
    unknown = run("replay", "--bogus", "x")
    assert "Erreur : Option inconnue : --bogus. Vouliez-vous dire --gs ?" in unknown.stderr
    choice = run("read-weight", "--port", "/tmp/x", "--protocol", "bizerba")
    assert "n'est pas parmi" in choice.stderr and "Traceback" not in choice.output


def test_replay_a_french_capture(data_dir: Path) -> None:
    result = run("replay", str(data_dir / "fr_gs1_128.evemu"), "--layout", "fr")
    assert result.exit_code == 0, result.output
    assert result.stdout == "010301762042200310LOT42<GS>17261231\n"
    as_json = run("replay", str(data_dir / "fr_nutella.evemu"), "--layout", "fr", "--json")
    assert json.loads(as_json.stdout)["data"] == "3017620422003"
    wrong = run("replay", str(data_dir / "fr_nutella.evemu"), "--layout", "us")
    assert wrong.stdout == "#)!&^@)$@@))#\n"


def test_replay_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.evemu"
    empty.write_text("# EVEMU 1.3\nE: garbage\n", encoding="utf-8")
    result = run("replay", str(empty), "--layout", "fr")
    assert result.exit_code == 1
    assert "Attention : ligne 2 illisible" in result.stderr
    assert "Erreur : aucune lecture trouvée dans la capture" in result.stderr
    assert run("replay", str(tmp_path / "absent.evemu")).exit_code == 2


def test_read_weight_prints_one_json_reading(make_scale_sim: MakeSim) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=1234, tare_grams=234)
    result = run("read-weight", "--port", sim.path, "--protocol", "toledo8217")
    assert result.exit_code == 0, result.output
    reading = json.loads(result.stdout)
    assert {k: reading[k] for k in ("grams", "stable", "net", "state", "raw")} == {
        "grams": 1000, "stable": True, "net": True, "state": "ok", "raw": "\x0201.000N\r"}


def test_read_weight_of_a_cas_scale_in_motion(make_scale_sim: MakeSim) -> None:
    sim = make_scale_sim("cas", gross_grams=250, motion=True)
    result = run("read-weight", "--port", sim.path, "--protocol", "cas")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["state"] == "motion"


def test_read_weight_from_a_silent_scale_fails_in_french(make_scale_sim: MakeSim) -> None:
    sim = make_scale_sim("toledo8217", silent=True)
    result = run("read-weight", "--port", sim.path, "--timeout", "0.1")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["state"] == "no_answer"
    assert result.stderr == "Erreur : Balance : ne répond pas (câble, alimentation ?)\n"


def test_print_test_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "page.bin"
    result = run("print-test", "--printer", f"file:{target}", "--columns", "32", "--drawer")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Page de test envoyée à file:{target}")
    data = target.read_bytes()
    assert b"\x1b@\x1bt\x13" in data and b"\xd5" in data  # INIT, CP858, €
    assert b"\x1bp\x00\x32\x32" in data                 # drawer kick on pin 2


def test_print_test_on_a_network_printer_out_of_paper(printer_sim: TcpPrinterSimulator) -> None:
    printer_sim.paper = "out"
    result = run("print-test", "--printer", printer_sim.spec, "--timeout", "0.2")
    assert result.exit_code == 1
    assert result.stderr == "Erreur : Imprimante : plus de papier — page de test non imprimée\n"


def test_print_test_with_a_bad_spec() -> None:
    result = run("print-test", "--printer", "lpt:1")
    assert result.exit_code == 1 and result.stderr.startswith("Erreur : Adresse d'imprimante invalide")


def test_doctor_on_a_fake_dev_tree(tmp_path: Path, make_scale_sim: MakeSim,
                                   printer_sim: TcpPrinterSimulator) -> None:
    sim = make_scale_sim("cas", gross_grams=100)
    (tmp_path / "serial" / "by-id").mkdir(parents=True)
    os.symlink(sim.path, tmp_path / "serial" / "by-id" / "usb-CAS_scale-if00-port0")
    (tmp_path / "input" / "by-id").mkdir(parents=True)
    (tmp_path / "input" / "by-id" / "usb-Honeywell-event-kbd").write_text("not a device")
    result = run("doctor", "--dev", str(tmp_path), "--printer", printer_sim.spec)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"[PROBLÈME] lecteur {tmp_path}/input/by-id/usb-Honeywell-event-kbd : ouverture")
    assert lines[1] == (f"[OK ] port série {tmp_path}/serial/by-id/usb-CAS_scale-if00-port0 : "
                        "balance CAS (sortie continue) détectée")
    assert lines[2] == f"[OK ] imprimante {printer_sim.spec} : Imprimante : prête"
    assert result.exit_code == 1 and "au moins un appareil a un problème" in result.stderr


def test_doctor_with_nothing_found(tmp_path: Path) -> None:
    result = run("doctor", "--dev", str(tmp_path), "--json")
    assert (result.exit_code, result.stdout) == (0, "Aucun lecteur, port série ni imprimante trouvé.\n")


def test_simulate_announces_its_ports_and_obeys_commands() -> None:
    result = run("simulate", "--json", "--protocol", "cas",
                 input="poids 1500\ninstable\nbidule\nscan 3017620422003\nquitter\nignored\n")
    assert result.exit_code == 0, result.output
    ports = json.loads(result.stdout.splitlines()[0])
    assert ports["protocol"] == "cas" and ports["scale_port"].startswith("/dev/pts/")
    assert "Poids posé : 1500 g" in result.stdout and "Lecture envoyée : 3017620422003" in result.stdout
    assert "Erreur : Commande inconnue : 'bidule' (tapez « aide »)" in result.stderr
    assert result.stdout.endswith("Simulateur arrêté.\n")


def test_simulated_devices_drive_the_real_drivers(tmp_path: Path) -> None:
    sim = PtyScaleSimulator("toledo8217", link=str(tmp_path / "balance")).start()
    scanner_sim = PtyScannerSimulator(str(tmp_path / "lecteur"))
    scale = SerialScale(str(tmp_path / "balance"), timeout=0.3)
    scans: queue.Queue[Scan] = queue.Queue()
    connected = threading.Event()
    reader = SerialScanner(str(tmp_path / "lecteur"), on_state=lambda state: connected.set())
    thread = threading.Thread(target=lambda: [scans.put(scan) for scan in reader.scans()])
    thread.start()
    try:
        assert apply_command(sim, scanner_sim, "poids 2500") == "Poids posé : 2500 g"
        assert scale.read().grams == 2500
        for command, state in (("instable", "motion"), ("normal", "ok"), ("surcharge", "over_capacity"),
                               ("normal", "ok"), ("négatif", "under_zero"), ("normal", "ok"),
                               ("hors-zéro", "outside_zero_range"), ("normal", "ok"), ("muet", "no_answer")):
            apply_command(sim, scanner_sim, command)
            assert scale.read().state.value == state, command
        apply_command(sim, scanner_sim, "parle")
        apply_command(sim, scanner_sim, "tare")
        assert (scale.read().grams, scale.read().net) == (0, True)
        assert connected.wait(5)  # the port is open: what is typed now is read
        apply_command(sim, scanner_sim, "scan 10LOT<GS>17261231")
        assert scans.get(timeout=5).data == "10LOT\x1d17261231"
        assert apply_command(sim, scanner_sim, "quitter") is None
        with pytest.raises(ValueError, match="Poids invalide"):
            apply_command(sim, scanner_sim, "poids beaucoup")
    finally:
        reader.close()
        thread.join()
        scale.close()
        scanner_sim.close()
        sim.stop()
