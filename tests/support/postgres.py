"""A throw-away PostgreSQL server for the suite, started in a temporary directory.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(which Debian's package creates); as any other user it runs as that user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


@dataclass
class PostgresServer:
    bin_dir: Path
    data_dir: Path
    port: int
    run_as: list[str]

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run([*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir),
                        "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def find_bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name))
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable("PostgreSQL n'est pas installé (paquet Debian postgresql) : `make test` "
                              "l'installe quand il tourne en root.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start() -> PostgresServer:
    bin_dir = find_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="gers-pg-"))
    data_dir = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
        root.chmod(0o700)
    _run([*run_as, str(bin_dir / "initdb"), "-D", str(data_dir), "-A", "trust", "-U", "postgres",
          "--no-sync", "-E", "UTF8", "--locale=C"])
    port = free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    _run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", options, "-l",
          str(root / "server.log"), "-w", "start"])
    return PostgresServer(bin_dir, data_dir, port, run_as)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(command[:4])}… a échoué : {result.stderr.strip()[-500:]}")
