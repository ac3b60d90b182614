"""Cold start time and resident memory of a site node serving the demo data.

Builds the demo site node (Auch) in a temporary folder, then starts `gers-solidaire serve` several
times, measuring the time from process spawn to the first answer of the health probe. After the
last start it logs in as the demo cashier and opens the catalogue pages, then reads VmRSS.
Machines differ, so the same run also measures the floor the start stands on — a Python process
that only imports Flask and SQLAlchemy — and prints the ratio (target: start ≤ 2 × the floor),
next to the absolute targets of issue 2 (start ≤ 2 s, RSS ≤ 120 MB on a 2-core machine).

Both sides start from byte-compiled code, as a node does: the installer's `pip install` compiles
the project's modules as it compiles Flask's and SQLAlchemy's. A checkout run with
PYTHONDONTWRITEBYTECODE (or from a read-only folder) would otherwise compile some 160 of the
project's modules from source at every start — a sixth of the start's CPU time, and work no
installed node does — while the floor loads its libraries' bytecode. So the bench compiles the
project's packages first (into their __pycache__ folders, ignored by git); the start still
unmarshals and runs every module it imports.

On a machine shared with other work the wall-clock ratio moves with the load; the CPU time both
processes used (all threads, at the first answer for the server) is printed beside it.
"""

from __future__ import annotations

import compileall
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(instance: Path, port: int) -> tuple[subprocess.Popen, float, float]:
    begin = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "gers.cli", "serve", "--instance", str(instance),
                                "--port", str(port)], stdout=subprocess.DEVNULL, cwd=ROOT,
                               env={**os.environ, "GERS_DEMO": "true"})  # the demo's published PIN
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante", timeout=1) as response:
                if response.status == 200:
                    return process, time.perf_counter() - begin, cpu_s(process.pid)
        except OSError:
            if process.poll() is not None:
                raise SystemExit("the server exited during start-up") from None
            time.sleep(0.01)


def cpu_s(pid: int) -> float:
    """CPU time (user + system, all threads) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_floor() -> tuple[float, float]:
    """Spawn to exit of a Python that imports only the two libraries every start needs (wall, CPU)."""
    begin = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "import flask, sqlalchemy"], cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - begin
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit("the import floor failed")
    return seconds, usage.ru_utime + usage.ru_stime


def exercise(port: int) -> None:
    """Log in as the demo cashier and browse, so the RSS includes loaded pages and data."""
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/connexion").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "caisse", "secret": "1234", "csrf_token": token}).encode()
    opener.open(f"{base}/connexion", data=form).read()
    for path in ["/", "/reseau", *[f"/catalogue?page={n}" for n in range(1, 7)], "/catalogue?q=lait"]:
        opener.open(base + path).read()


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def compile_project() -> None:
    """What `pip install` does for an installed node: every package's modules byte-compiled."""
    for package in sorted(path.parent for path in ROOT.glob("*/__init__.py")):
        if package.name != "tests":
            compileall.compile_dir(package, quiet=1)


def main() -> None:
    compile_project()
    with tempfile.TemporaryDirectory(prefix="gers-bench-") as tmp:
        subprocess.run([sys.executable, "-m", "gers.cli", "demo", "build", "--dir", tmp], check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
        instance = Path(tmp) / "auch"
        starts, floors, start_cpus, floor_cpus = [], [], [], []
        for run in range(RUNS):
            floor, floor_cpu = import_floor()  # interleaved, so both see the same machine load
            floors.append(floor)
            floor_cpus.append(floor_cpu)
            port = free_port()
            process, seconds, cpu = start(instance, port)
            starts.append(seconds)
            start_cpus.append(cpu)
            if run == RUNS - 1:
                exercise(port)
                rss = rss_mb(process.pid)
            process.terminate()
            process.wait()
    start_s, floor_s = statistics.median(starts), statistics.median(floors)
    start_cpu, floor_cpu = statistics.median(start_cpus), statistics.median(floor_cpus)
    figures = {"site_start_median_s": round(start_s, 3), "site_start_max_s": round(max(starts), 3),
               "import_floor_median_s": round(floor_s, 3),
               "site_start_vs_import_floor": round(start_s / floor_s, 2), "site_rss_mb": round(rss, 1),
               "site_start_cpu_median_s": round(start_cpu, 3), "import_floor_cpu_median_s": round(floor_cpu, 3),
               "site_start_cpu_vs_import_floor_cpu": round(start_cpu / floor_cpu, 2)}
    print(f"site node cold start over {RUNS} runs: median {figures['site_start_median_s']} s, "
          f"max {figures['site_start_max_s']} s (target ≤ 2 s)")
    print(f"import floor (python -c 'import flask, sqlalchemy'): median {figures['import_floor_median_s']} s; "
          f"start / floor = {figures['site_start_vs_import_floor']} (target ≤ 2)")
    print(f"CPU time (user + system, less sensitive to other processes): start {figures['site_start_cpu_median_s']} s, "
          f"floor {figures['import_floor_cpu_median_s']} s; ratio {figures['site_start_cpu_vs_import_floor_cpu']}")
    print(f"site node RSS after login and catalogue browsing: {figures['site_rss_mb']} MB (target ≤ 120 MB)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
