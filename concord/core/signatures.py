"""Electronic signatures (21 CFR Part 11 §11.50, §11.200): signing is a person's own act, made
by re-entering their password at the moment of signing and stating what the signature means.

Once a person has a second factor (allauth.mfa: an authenticator app or a passkey, with recovery
codes), a signature also takes a current code from it, one of their recovery codes, or on a page
their passkey's answer to a challenge (core.signatures_passkey). People who sign in
through their organisation's identity provider have no password of their own in Concord: they
sign with their second factor alone, and must set one up (/2fa/) before they can sign. A code
is a component only the signer holds, checked at the moment of signing, which works the same on
pages and in the API; a fresh round trip to the provider would not work for an API client and
would depend on each provider honouring a forced re-authentication.

A feature that needs a signature (a gate sign-off, a vote, approving minutes or an amendment)
calls `sign` inside its service's transaction, after its own checks: a wrong or missing password
or code, or a meaning that does not fit the act, refuses the whole act, so nothing is recorded. Pages
take the password, the code and the meaning with `SignatureForm`, the API with `core.api.SignatureIn`,
and show the manifest with `includes/signature_manifest.html`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NotRequired, TypedDict

from allauth.mfa.models import Authenticator
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden
from concord.core.forms import ConcordForm
from concord.core.models import Signature
from concord.core.signatures_passkey import PasskeyField, assertion_ok, is_assertion
from concord.core.tenancy import organisation_of

logger = logging.getLogger("concord.signatures")

Meaning = Signature.Meaning
SIGNATURE_FIELDS = ["password", "code", "passkey", "meaning"]
# The second factors a signature takes: an authenticator app (TOTP) and the recovery codes that
# come with it give a code a person can type; a passkey answers a challenge on the signing page.
CODE_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
SIGNING_FACTORS = (*CODE_FACTORS, Authenticator.Type.WEBAUTHN)
# Wrong codes a person may give within CODE_FAILURE_WINDOW seconds before signing is paused.
CODE_FAILURE_LIMIT = 5
CODE_FAILURE_WINDOW = 15 * 60


UNSIGNED = (
    "Re-enter your password to sign (if you sign in through your organisation, give a code "
    "from your authenticator app instead)."
)


class SignatureArgs(TypedDict):
    """A signing service's signature keywords."""

    password: str
    meaning: str
    code: NotRequired[str]


def subject_key(subject: Any) -> tuple[str, str]:
    """How a signature names the record it signs: "<app_label>.<model_name>" and the pk."""
    return f"{subject._meta.app_label}.{subject._meta.model_name}", str(subject.pk)


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of what was signed: the same content, the same hash."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


_checked: ContextVar[dict[tuple[str, str], bool] | None] = ContextVar(
    "signature_password_checks", default=None
)


@contextmanager
def one_check_per_password() -> Iterator[None]:
    """Within this block, a password is checked against a person's hash once, however many acts
    they sign. The hasher is slow on purpose; the demo's people share one published password and
    sign hundreds of acts. Never for real signing, where every signature re-checks."""
    token = _checked.set({})
    try:
        yield
    finally:
        _checked.reset(token)


def _password_ok(actor: Any, password: str) -> bool:
    checked = _checked.get()
    if checked is None:
        return bool(actor.check_password(password))
    key = (password, actor.password)
    if key not in checked:
        checked[key] = bool(actor.check_password(password))
    return checked[key]


def _meaning_words(meanings: Sequence[str]) -> str:
    return " or ".join(Meaning(m).label.lower() for m in meanings)


def _code_factors(actor: Any) -> list[Authenticator]:
    """The signer's second factors that sign, the authenticator app first."""
    factors = Authenticator.objects.filter(user_id=actor.pk, type__in=SIGNING_FACTORS)
    return sorted(factors, key=lambda f: f.type != Authenticator.Type.TOTP)


def _failures_key(actor: Any) -> str:
    return f"concord.signature.code-failures:{actor.pk}"


def _code_ok(actor: Any, factors: list[Authenticator], code: str) -> bool:
    """Whether `code` is a current code of one of `factors`, or a passkey's answer to the
    signer's challenge. A code (and a challenge) is used up by the check (allauth marks it), so
    this runs only once the rest of the signature is in order."""
    if _factor_answers(actor, factors, code):
        cache.delete(_failures_key(actor))
        return True
    cache.add(_failures_key(actor), 0, timeout=CODE_FAILURE_WINDOW)
    try:
        cache.incr(_failures_key(actor))
    except ValueError:  # expired between add and incr
        cache.set(_failures_key(actor), 1, timeout=CODE_FAILURE_WINDOW)
    return False


def _factor_answers(actor: Any, factors: list[Authenticator], code: str) -> bool:
    if is_assertion(code):
        return assertion_ok(actor, code)
    for factor in factors:
        if factor.type in CODE_FACTORS and factor.wrap().validate_code(code):
            factor.record_usage()
            return True
    return False


def _password_problem(actor: Any, password: str) -> str | None:
    if not password:
        return "Re-enter your password to sign: it makes the act your own."
    if not _password_ok(actor, password):
        # Part 11 §11.300(d): attempts at unauthorised use are reported, not only refused.
        logger.warning("A signature by %s was refused: wrong password", actor.get_username())
        return "That is not your password; the act was not signed."
    return None


def _code_problem(actor: Any, factors: list[Authenticator], code: str) -> str | None:
    """What is wrong with the second factor, short of checking the code itself."""
    if not actor.has_usable_password() and not factors:
        return (
            "You sign in through your organisation's identity provider, so you sign with a "
            "second factor: set up an authenticator app on your two-factor page "
            f"({reverse('mfa_index')}) first; nothing was signed."
        )
    if factors and not code:
        if any(f.type == Authenticator.Type.WEBAUTHN for f in factors):
            return (
                "Use your passkey, or enter a current code from your authenticator app (or a "
                "recovery code), to sign."
            )
        return "Enter a current code from your authenticator app (or a recovery code) to sign."
    if factors and (cache.get(_failures_key(actor)) or 0) >= CODE_FAILURE_LIMIT:
        return "Too many wrong codes: wait a few minutes before signing again."
    return None


def signature_check(
    *, actor: Any, password: str, meaning: str, meanings: Sequence[str], code: str = ""
) -> None:
    """Refuse a signature whose password is not the signer's own, whose second-factor code is
    missing or wrong (once they have one), or whose meaning is missing or does not fit the
    act; every problem is named on its field. Someone without a usable password (they sign in
    through their organisation's provider) signs with their second factor alone."""
    problems: dict[str, list[str]] = {}
    factors = _code_factors(actor)
    if actor.has_usable_password() and (problem := _password_problem(actor, password)):
        problems["password"] = [problem]
    if problem := _code_problem(actor, factors, code.strip()):
        problems["code"] = [problem]
    if not meaning:
        problems["meaning"] = [f"State what your signature means: {_meaning_words(meanings)}."]
    elif meaning not in meanings:
        problems["meaning"] = [f"This act is signed as {_meaning_words(meanings)}."]
    if not problems and factors and not _code_ok(actor, factors, code.strip()):
        logger.warning("A signature by %s was refused: wrong code", actor.get_username())
        problems["code"] = [
            "That passkey's answer is not valid (or was used already): use your passkey again; "
            "nothing was signed."
            if is_assertion(code.strip())
            else "That code is not valid (or was used already); nothing was signed."
        ]
    if problems:
        raise ValidationError(problems)


def sign(
    *,
    actor: Any,
    password: str,
    meaning: str,
    subject: Any,
    alliance: Any,
    statement: str,
    content: dict[str, Any],
    meanings: Sequence[str] = tuple(Meaning.values),
    code: str = "",
) -> Signature:
    """Sign `subject` as `actor`: check the password, the second-factor code and the meaning, then record the signature
    with its manifest and the hash of `content` (what the signer saw), and audit it. Runs inside
    the calling service's transaction; a refusal raises before anything is written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sign must run inside the signing service's transaction")
    signature_check(actor=actor, password=password, meaning=meaning, meanings=meanings, code=code)
    subject_type, subject_id = subject_key(subject)
    organisation = organisation_of(actor)
    if organisation is None:
        raise forbidden("Only an active member of one of the parties can sign.")
    signature = Signature.objects.unscoped().create(
        alliance=alliance,
        organisation=organisation,
        signer=actor,
        printed_name=actor.get_full_name() or actor.get_username(),
        meaning=meaning,
        statement=statement[:300],
        signed_at=clock.now(),
        time_zone=getattr(organisation, "time_zone", "") or "UTC",
        subject_type=subject_type,
        subject_id=subject_id,
        content_hash=content_hash(content),
    )
    audit_record(
        actor=actor,
        action="signature.signed",
        obj=signature,
        organisation=organisation,
        alliance=alliance,
        summary=f"{signature.printed_name} signed ({signature.get_meaning_display().lower()}): "
        f"{signature.statement}",
        after={
            "subject": f"{subject_type}:{subject_id}",
            "meaning": meaning,
            "signed_at": signature.signed_at.isoformat(),
            "time_zone": signature.time_zone,
            "content_hash": signature.content_hash,
        },
    )
    return signature


def signature_matches(signature: Signature, content: dict[str, Any]) -> bool:
    """Whether `content` is what was signed: the record has not changed since."""
    return signature.content_hash == content_hash(content)


def signatures_of(*, user: Any, subject: Any) -> QuerySet[Signature]:
    """The signatures on one record the user can see, in the order they were made."""
    subject_type, subject_id = subject_key(subject)
    return (
        Signature.objects.visible_to(user)
        .filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("organisation")
    )


def signatures_attach(*, user: Any, subjects: Iterable[Any]) -> None:
    """Read the signatures on several records of one model in one query (signatures_by_subject)
    and keep each record's on it, for an API response that lists them (signatures_shown)."""
    subjects = list(subjects)
    found = signatures_by_subject(user=user, subjects=subjects)
    for subject in subjects:
        subject.__dict__[_ATTACHED] = found.get(subject.pk, [])


_ATTACHED = "_signatures_attached"


def signatures_shown(subject: Any, context: Any) -> list[Signature]:
    """The signatures on a record for an API schema's resolver: those signatures_attach kept on
    it, else read in the requesting member's scope (a response about one record)."""
    attached: list[Signature] | None = subject.__dict__.get(_ATTACHED)
    if attached is not None:
        return attached
    request = (context or {}).get("request")
    return list(signatures_of(user=getattr(request, "auth", None), subject=subject))


def signatures_by_subject(*, user: Any, subjects: Iterable[Any]) -> dict[Any, list[Signature]]:
    """The signatures on several records of one model, by the record's pk, in one query."""
    subjects = list(subjects)
    found: dict[Any, list[Signature]] = defaultdict(list)
    if not subjects:
        return found
    subject_type = subject_key(subjects[0])[0]
    by_id = {str(s.pk): s.pk for s in subjects}
    rows = (
        Signature.objects.visible_to(user)
        .filter(subject_type=subject_type, subject_id__in=list(by_id))
        .select_related("organisation")
    )
    for signature in rows:
        found[by_id[signature.subject_id]].append(signature)
    return found


class SignatureForm(ConcordForm):
    """A form whose act is signed: the signer's password, re-entered, a code from their second
    factor if they have one, and the signature's meaning, last among the fields. `meanings`
    lists the meanings that fit the act. Which of password and code a signer needs is checked by
    `signature_check`, so both fields are optional here."""

    password = forms.CharField(
        label="Your password",
        required=False,
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Re-enter your password to sign: your electronic signature, the legal "
        "equivalent of your handwritten one. If you sign in through your organisation, leave it "
        "blank and give a code below.",
    )
    code = forms.CharField(
        label="Authentication code",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text="If you have set up two-factor authentication: a current code from your "
        "authenticator app, or one of your recovery codes.",
    )
    passkey = PasskeyField()
    meaning = forms.ChoiceField(
        label="Meaning of your signature", widget=forms.RadioSelect, choices=Meaning.choices
    )

    def __init__(
        self, *args: Any, meanings: Sequence[str] = tuple(Meaning.values), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meaning"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m, Meaning(m).label) for m in meanings]
        if len(meanings) == 1:
            field.help_text = f"Tick to state that you sign this as {_meaning_words(meanings)}."
            field.widget.attrs["aria-describedby"] = f"{self['meaning'].auto_id}-help"
        others = [name for name in self.fields if name not in SIGNATURE_FIELDS]
        self.order_fields([*others, *SIGNATURE_FIELDS])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service says which of password and code the signer needs; an act that must be
        # signed is refused here already when neither is given.
        # A passkey's answer goes to the service as the signature's code (signature_check
        # tells one from the other), so a view may hand the cleaned data on as it stands.
        if passkey := data.pop("passkey", ""):
            data["code"] = passkey
        if self.fields["meaning"].required and not data.get("password") and not data.get("code"):
            self.add_error("password", UNSIGNED)
        return data

    def signature(self) -> SignatureArgs:
        """The service's signature keywords (a passkey's answer is the code)."""
        data = self.cleaned_data
        return {
            "password": data.get("password", ""),
            "meaning": data.get("meaning", ""),
            "code": data.get("code", ""),
        }

    def without_signature(self) -> dict[str, Any]:
        """The cleaned data besides the signature."""
        return {k: v for k, v in self.cleaned_data.items() if k not in SIGNATURE_FIELDS}
