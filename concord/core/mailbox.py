"""The development inbox: mail Concord sends is kept as files and read back in the browser.

In development (`make run`) email goes to `var/mail/` instead of the console, one `.eml` file per
message, exactly the bytes an SMTP server would get. The inbox page lists them with their text and
HTML parts, so invitations and reminders can be followed without a mail server.
"""

from __future__ import annotations

import email
import email.policy
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage as DjangoEmailMessage

from concord.core import clock

NAME = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{32}\.eml$")
INBOX_LIMIT = 200  # newest first; older files stay on disk


def mail_dir() -> Path:
    return Path(settings.CONCORD_MAIL_DIR)


class InboxBackend(BaseEmailBackend):
    """An email backend that writes each message to the development inbox."""

    def send_messages(self, email_messages: Sequence[DjangoEmailMessage]) -> int:
        folder = mail_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            # The name sorts by time; the random part keeps two messages in a second apart.
            stamp = clock.now().strftime("%Y%m%dT%H%M%S")
            path = folder / f"{stamp}-{uuid.uuid4().hex}.eml"
            path.write_bytes(message.message().as_bytes())
            sent += 1
        return sent


@dataclass(frozen=True)
class InboxMessage:
    """One message as the inbox shows it."""

    name: str
    subject: str
    sender: str
    to: str
    date: str
    text: str
    html: str


def _part(message: EmailMessage, kind: str) -> str:
    body = message.get_body(preferencelist=(kind,))
    return "" if body is None else str(body.get_content())


def _read(path: Path) -> InboxMessage:
    message: Any = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return InboxMessage(
        name=path.name,
        subject=str(message.get("Subject", "")),
        sender=str(message.get("From", "")),
        to=str(message.get("To", "")),
        date=str(message.get("Date", "")),
        text=_part(message, "plain"),
        html=_part(message, "html"),
    )


def inbox(limit: int = INBOX_LIMIT) -> list[InboxMessage]:
    """The newest messages first."""
    folder = mail_dir()
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME.match(p.name)), reverse=True)
    return [_read(folder / name) for name in names[:limit]]


def inbox_message(name: str) -> InboxMessage | None:
    """One message by its file name; None for any name the backend would not have written."""
    path = mail_dir() / name
    if not NAME.match(name) or not path.is_file():
        return None
    return _read(path)
