"""`concord idp` (`make idp`): a local OpenID Connect provider that signs Castlegate's people in.

While it runs, Castlegate Pharma's single sign-on is on: its people (hannah@castlegate.example
and the rest, with the demo password) are sent from Concord's sign-in page to this provider and
back, and nadia@castlegate.example, whom only the provider knows, joins Castlegate on her first
sign-in. Ctrl+C stops it and turns Castlegate's single sign-on off again, so the demo's password
logins work as before. Development only: plain HTTP on 127.0.0.1.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from concord.demo.chapters.orgs import IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_PORT, castlegate_sso
from concord.demo.data import DEMO_PASSWORD, ORGS, PHARMA
from concord.orgs.dev_idp import DevIdentityProvider
from concord.orgs.models import Membership


class Command(BaseCommand):
    help = "Run a local identity provider for Castlegate Pharma and turn its single sign-on on."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=IDP_PORT)

    def handle(self, *args: Any, port: int, **options: Any) -> None:
        castlegate = next(org for org in ORGS if org.key == PHARMA)
        admin = (
            Membership.objects.unscoped()
            .select_related("user")
            .filter(organisation__name=castlegate.name, is_admin=True, is_active=True)
            .first()
        )
        if admin is None:
            raise CommandError("No demo yet: run `make demo` (or `make run`) first.")
        idp = DevIdentityProvider(clients={IDP_CLIENT_ID: IDP_CLIENT_SECRET}, port=port)
        for person in castlegate.people:
            idp.add_person(castlegate.email(person.key), DEMO_PASSWORD, person.first, person.last)
        idp.add_person(f"nadia@{castlegate.domain}", DEMO_PASSWORD, "Nadia", "Newcombe")
        castlegate_sso(admin.user, castlegate.domain, enabled=True, port=port)
        idp.start()
        self.stdout.write(
            f"Identity provider for {castlegate.name} on {idp.issuer}\n"
            f"Sign in at Concord as hannah@{castlegate.domain} (an existing member) or "
            f"nadia@{castlegate.domain} (joins on first sign-in), password {DEMO_PASSWORD}.\n"
            "Ctrl+C stops it and turns Castlegate's single sign-on off again."
        )
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            idp.stop()
            castlegate_sso(admin.user, castlegate.domain, enabled=False)
            self.stdout.write("Stopped; Castlegate signs in with passwords again.")
