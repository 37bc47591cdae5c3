"""Emails leave at once in these tests: each test runs inside one transaction that never commits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from concord.core import emails


@pytest.fixture(autouse=True)
def emails_leave_at_once(monkeypatch, mailoutbox):
    """Send what send_email_on_commit queues as if the service's transaction had committed."""
    monkeypatch.setattr(emails, "transaction", SimpleNamespace(on_commit=lambda send: send()))
    return mailoutbox
