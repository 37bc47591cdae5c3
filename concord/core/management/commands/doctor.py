"""`concord doctor` (`make doctor`): one line per check of the machine, and what to do.

It exits non-zero only for a failure that stops Concord from working; warnings name features that
are missing (the page concerned says so in words) or processes that are not running.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from concord.core.doctor import examine


class Command(BaseCommand):
    help = "Check this machine for what Concord needs, and say what to do about each problem."

    def handle(self, *args: Any, **options: Any) -> None:
        findings = examine()
        for finding in findings:
            self.stdout.write(f"{finding.level:<4}  {finding.what}")
            if finding.todo:
                self.stdout.write(f"      → {finding.todo}")
        failed = sum(f.level == "FAIL" for f in findings)
        if failed:
            raise CommandError(f"{failed} problem(s) stop Concord from working.")
        warned = sum(f.level == "warn" for f in findings)
        self.stdout.write("All is well." if not warned else f"{warned} warning(s); Concord runs.")
