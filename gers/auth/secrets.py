"""Hashing of PINs and passwords with Argon2id; format rules for each kind of secret."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PIN_LENGTHS = range(4, 7)
PASSWORD_MIN_LENGTH = 10

_hasher = PasswordHasher()


class WeakSecret(ValueError):
    """A PIN or password that does not meet the format rules (French message)."""


def check_pin_format(pin: str) -> str:
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        raise WeakSecret("Le code PIN doit comporter de 4 à 6 chiffres.")
    return pin


def check_password_format(password: str) -> str:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise WeakSecret(f"Le mot de passe doit comporter au moins {PASSWORD_MIN_LENGTH} caractères.")
    return password


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, candidate: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, candidate)
    except (VerificationError, InvalidHashError):
        return False
