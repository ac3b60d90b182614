"""Click in French: help headings, the help option and usage errors as operators read them.

Only our commands use these classes, so the rest of the ``gers-solidaire`` CLI is unaffected.
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

_HEADINGS = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}

# click's English messages -> French (the ones an operator can trigger).
_ERRORS = [
    (r"Missing option '(.+?)'\.?", r"Option obligatoire manquante : \1."),
    (r"Missing argument '(.+?)'\.?", r"Argument obligatoire manquant : \1."),
    (r"No such option:? '?(-[\w-]+)'?\.?", r"Option inconnue : \1."),
    (r"Did you mean '?(.+?)'?\?", r"Vouliez-vous dire \1 ?"),
    (r"No such command '(.+?)'\.?", r"Commande inconnue : \1."),
    (r"Option '(.+?)' requires an argument\.?", r"L'option \1 attend une valeur."),
    (r"Got unexpected extra arguments? \((.+)\)", r"Argument en trop : \1"),
    (r"'(.+?)' is not one of (.+?)\.", r"« \1 » n'est pas parmi \2."),
    (r"'(.+?)' is not a valid integer( range)?\.", r"« \1 » n'est pas un nombre entier."),
    (r"'(.+?)' is not a valid float( range)?\.", r"« \1 » n'est pas un nombre."),
    (r"(?:File|Path|Directory) '(.+?)' does not exist\.", r"« \1 » n'existe pas."),
    (r"Invalid value for (.+?): (.+)", r"Valeur invalide pour \1 : \2"),
]


def translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        message = re.sub(pattern, replacement, message)
    return message


class CliError(click.ClickException):
    """A failure the operator must read: French message, exit code 1, no traceback."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True, file=file)


class FrenchUsageError(click.UsageError):
    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True, file=file)
            click.echo(f"Essayez « {self.ctx.command_path} --help » pour l'aide.", err=True, file=file)
        click.echo(f"Erreur : {self.format_message()}", err=True, file=file)


class FrenchFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def section(self, name: str) -> Any:
        return super().section(_HEADINGS.get(name, name))


class FrenchContext(click.Context):
    formatter_class = FrenchFormatter


class _French:
    context_class = FrenchContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            raise FrenchUsageError(translate(exc.format_message()), exc.ctx or ctx) from None


class FrenchCommand(_French, click.Command):
    pass


class FrenchGroup(_French, click.Group):
    command_class = FrenchCommand

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise FrenchUsageError(translate(exc.format_message()), exc.ctx or ctx) from None
