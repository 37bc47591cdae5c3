"""`manage.py print_demo_logins`: one banner with where Concord runs, the demo password and who to
sign in as."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from concord.demo.data import DEMO_PASSWORD
from concord.demo.story import DemoLogin, demo_logins


class Command(BaseCommand):
    help = "Print the demo logins (email, organisation, role) and the URL to sign in at."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=f"{settings.SITE_URL}/", help="where Concord runs")
        parser.add_argument(
            "--all", action="store_true", help="list every demo person, not just the suggested ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins(everyone=options["all"])
        if not logins:
            self.stdout.write("No demo data in this database: run `manage.py seed_demo` first.")
            return
        lines = [
            f"Concord is at {options['url']}",
            f"Every demo login's password is: {DEMO_PASSWORD}",
            "",
            *table(logins).splitlines(),
        ]
        if not options["all"]:
            lines += ["", "(`manage.py print_demo_logins --all` lists every demo person.)"]
        self.stdout.write(banner(lines))


def table(logins: list[DemoLogin]) -> str:
    """The logins as aligned plain-text columns."""
    rows = [("Email", "Organisation", "Role", "Try it for")]
    rows += [(d.email, d.organisation, d.role, d.try_for) for d in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def banner(lines: list[str]) -> str:
    """The lines framed, so the welcome stands out from the server's log around it."""
    rule = "=" * (max(len(line) for line in lines) + 4)
    return "\n".join(["", rule, *(f"  {line}".rstrip() for line in lines), rule, ""])
