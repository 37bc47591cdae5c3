"""`concord portal_rebuild_kept`: work out every portal's kept figures again from its submissions.

`migrate` does this by itself after a migration that begins keeping a figure; run it by hand
after a migrate stopped halfway, or after data was written around the services (an import).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from concord.portal.services import kept_rebuild_all


class Command(BaseCommand):
    help = "Work out every portal's kept statistics, funnel and queue counts again."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Kept figures rebuilt for {kept_rebuild_all()} portal(s).")
