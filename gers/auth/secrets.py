"""Hashing of PINs and passwords with Argon2id; format rules for each kind of secret.

Parameters sized for a Raspberry Pi (settings ARGON2_*, see docs/securite.md): 19 MiB and 2 passes
(the OWASP minimum for Argon2id), one lane. A 4-digit PIN falls to an offline search whatever the cost;
what protects it is the instance folder's permissions and the node's own identity. A cost in
memory of 64 MiB per try only let anyone exhaust a Pi's memory by trying to log in.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PIN_LENGTHS = range(4, 7)
PASSWORD_MIN_LENGTH = 10
DEFAULT_COST = {"time_cost": 2, "memory_kib": 19 * 1024, "parallelism": 1}  # as in gers.config

_state: dict[str, PasswordHasher] = {}


class WeakSecret(ValueError):
    """A PIN or password that does not meet the format rules (French message)."""


def configure_hashing(time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Set the cost of new hashes (from the node's settings); existing hashes keep their own."""
    _state["hasher"] = _hasher(time_cost, memory_kib, parallelism)


@functools.cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    """One hasher (and so one dummy hash) per cost, however many apps a process builds."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def check_pin_format(pin: str) -> str:
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        raise WeakSecret("Le code PIN doit comporter de 4 à 6 chiffres.")
    return pin


def check_password_format(password: str) -> str:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise WeakSecret(f"Le mot de passe doit comporter au moins {PASSWORD_MIN_LENGTH} caractères.")
    return password


def _current() -> PasswordHasher:
    return _state.get("hasher") or _hasher(**DEFAULT_COST)


def hash_secret(secret: str) -> str:
    return _current().hash(secret)


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("no account has this secret")


def verify_secret(stored_hash: str | None, candidate: str) -> bool:
    """Check a secret; without a stored hash, verify against a dummy one of the same cost so that an
    unknown account answers in the same time as a known one (no username discovery by timing)."""
    hasher = _current()
    try:
        return hasher.verify(stored_hash or _dummy_hash(hasher), candidate) and bool(stored_hash)
    except (VerificationError, InvalidHashError):
        return False
