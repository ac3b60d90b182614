"""The instance folder holds the database (households, the till's journal), the secret key and the
configuration: it and they are readable by the service user only, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm")  # SQLite gives -wal and -shm the main file's mode
INSTANCE_FILES = ("secret_key", "gers.toml")


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def create_private_file(path: Path) -> None:
    """Create `path` empty and 0600 unless it exists (an empty file is a valid new SQLite database)."""
    make_private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))


def sqlite_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def private_paths(instance: Path, database_url: str) -> list[Path]:
    """The instance folder, then each of its sensitive files that exists."""
    database = sqlite_path(database_url)
    files = [instance / name for name in INSTANCE_FILES]
    if database is not None:
        files += [Path(f"{database}{suffix}") for suffix in SQLITE_COMPANIONS]
    return [instance, *(path for path in files if path.exists())]


def exposed_paths(instance: Path, database_url: str) -> list[Path]:
    """Paths that the group or other users may read, write or enter."""
    return [path for path in private_paths(instance, database_url)
            if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077]


def make_instance_private(instance: Path, database_url: str) -> None:
    """Tighten an instance made before the permissions were enforced."""
    for path in private_paths(instance, database_url):
        if path.exists():
            path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
