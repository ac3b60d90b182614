"""The units of systemd/ pass `systemd-analyze verify` with no message at all, keep their hardening,
and the udev rules name every device under /dev/gers with the right group."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNITS = sorted(path for path in (ROOT / "systemd").iterdir() if path.suffix in (".service", ".timer"))
LONG_RUNNING = ("gers-solidaire-site.service", "gers-solidaire-central.service")
HARDENING = {"ProtectSystem": "strict", "PrivateTmp": "true", "NoNewPrivileges": "true", "ProtectHome": "true",
             "CapabilityBoundingSet": "", "UMask": "0077"}


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def _installed_here(text: str) -> str:
    """The unit as it would be with the code installed where this checkout is."""
    venv_bin = Path(sys.executable).parent
    return text.replace("/opt/gers-solidaire/.venv/bin/", f"{venv_bin}/").replace("/opt/gers-solidaire/", f"{ROOT}/")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze absent (paquet Debian systemd) : rien pour vérifier les unités")
def test_systemd_analyze_verify_is_silent_on_every_unit(tmp_path):
    for path in UNITS:
        (tmp_path / path.name).write_text(_installed_here(path.read_text()))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *sorted(p.name for p in tmp_path.iterdir())],
                          cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_every_timer_starts_its_service():
    for timer in (path for path in UNITS if path.suffix == ".timer"):
        assert timer.with_suffix(".service").exists(), timer.name
        assert unit(timer)["Install"]["WantedBy"] == "timers.target"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_the_servers_are_hardened(name):
    service = unit(ROOT / "systemd" / name)["Service"]
    assert {key: service.get(key) for key in HARDENING} == HARDENING
    assert service["User"] == "gers" and service["Restart"] == "always"
    assert service["ReadWritePaths"] == "/var/lib/gers-solidaire"


def test_the_site_server_has_exactly_the_device_groups():
    service = unit(ROOT / "systemd" / "gers-solidaire-site.service")["Service"]
    assert service["SupplementaryGroups"].split() == ["input", "dialout", "lp"]
    assert "--host 127.0.0.1 " in service["ExecStart"]
    central = unit(ROOT / "systemd" / "gers-solidaire-central.service")
    assert central["Service"]["PrivateDevices"] == "true" and "postgresql.service" in central["Unit"]["Requires"]


def test_the_site_server_keeps_the_printer_database_cache_across_restarts():
    """Each start gets an empty private /tmp: python-escpos' pickle of its printer database lives in
    the unit's cache directory instead, or every start would parse the YAML file again."""
    path = ROOT / "systemd" / "gers-solidaire-site.service"
    assert unit(path)["Service"]["CacheDirectory"] == "gers-solidaire"
    assert "Environment=ESCPOS_CAPABILITIES_PICKLE_DIR=/var/cache/gers-solidaire" in path.read_text().splitlines()


def test_the_kiosk_session_script_is_valid_shell():
    script = ROOT / "systemd" / "gers-solidaire-kiosk-session"
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    assert script.stat().st_mode & 0o111
    assert "-nocursor" in script.read_text()


def test_udev_rules_name_each_device_under_dev_gers_with_its_group():
    rules = [line for line in (ROOT / "systemd" / "99-gers-solidaire.rules").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    names = {re.search(r'SYMLINK\+="gers/([^"]+)"', line).group(1) for line in rules if "SYMLINK" in line}
    assert names == {"lecteur", "lecteur-serie", "balance", "imprimante"}
    for line in rules:
        assert re.search(r'GROUP="(input|dialout|lp)", MODE="0660"$', line), line


def test_the_install_script_is_valid_bash_and_knows_both_roles():
    script = ROOT / "systemd" / "install.sh"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    refused = subprocess.run(["bash", str(script), "robot"], capture_output=True, text=True)
    assert refused.returncode != 0 and "Erreur :" in refused.stderr
