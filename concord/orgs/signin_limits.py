"""Slowing down password guessing: failed sign-ins counted per account and per network address.

Counted in the database (`SignInFailure`) rather than a per-process cache, so every app process
and the API see the same count. A password page and `POST /auth/token` count both keys; a wrong
API key counts its address only. Once a key has failed `limit` times within the window, further
attempts are refused with a message saying when to try again, even with the right password;
the person is emailed once, when their account reaches its limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min

from concord.core import clock
from concord.orgs import emails
from concord.orgs.models import SignInFailure, User

Kind = SignInFailure.Kind


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before its credentials are looked at, and for how long."""

    kind: str
    minutes: int

    @property
    def message(self) -> str:
        wait = f"Try again in {self.minutes} minute{'s' if self.minutes != 1 else ''}"
        if self.kind == Kind.ACCOUNT:
            return (
                f"Too many failed sign-ins for this account. {wait}, or reset your password. "
                "We have emailed the account's owner."
            )
        return f"Too many failed sign-ins from your network address. {wait}."


def _window() -> timedelta:
    return timedelta(minutes=settings.CONCORD_SIGNIN_WINDOW_MINUTES)


def _limit(kind: str) -> int:
    if kind == Kind.ACCOUNT:
        return settings.CONCORD_SIGNIN_ACCOUNT_LIMIT
    return settings.CONCORD_SIGNIN_ADDRESS_LIMIT


def signin_refusal(*, email: str = "", address: str = "") -> Refusal | None:
    """A refusal when the account or the address has used up its failures, else None."""
    since = clock.now() - _window()
    keys = [(Kind.ACCOUNT, email.strip().lower()), (Kind.ADDRESS, address)]
    for kind, key in keys:
        if not key:
            continue
        seen = SignInFailure.objects.filter(kind=kind, key=key, failed_at__gt=since).aggregate(
            count=Count("id"), first=Min("failed_at")
        )
        if seen["count"] >= _limit(kind):
            free_at = seen["first"] + _window()
            minutes = max(1, math.ceil((free_at - clock.now()).total_seconds() / 60))
            return Refusal(kind, minutes)
    return None


def signin_failed(*, email: str = "", address: str = "") -> None:
    """Count a failed attempt; email the account's owner when it reaches the account's limit."""
    email = email.strip().lower()
    now = clock.now()
    rows = [SignInFailure(kind=Kind.ADDRESS, key=address, failed_at=now)] if address else []
    if email:
        rows.append(SignInFailure(kind=Kind.ACCOUNT, key=email[:254], failed_at=now))
    SignInFailure.objects.bulk_create(rows)
    if not email:
        return
    count = SignInFailure.objects.filter(
        kind=Kind.ACCOUNT, key=email, failed_at__gt=now - _window()
    ).count()
    if count == _limit(Kind.ACCOUNT):
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is not None:
            emails.send_signin_failures(user, count=count, address=address)


def signin_succeeded(*, email: str) -> None:
    """A right password clears the account's failures (its address keeps its count)."""
    SignInFailure.objects.filter(kind=Kind.ACCOUNT, key=email.strip().lower()).delete()


def signin_failures_forget() -> int:
    """Sweep: drop failures older than the window; returns how many went."""
    deleted, _ = SignInFailure.objects.filter(failed_at__lte=clock.now() - _window()).delete()
    return deleted
