"""The API's shared parts: one JSON error shape, pagination, common schemas (auth is orgs')."""

from __future__ import annotations

import datetime
import enum
import functools
import logging
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet, TextChoices
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, Field, GetCoreSchemaHandler, ValidationInfo, field_validator
from pydantic_core import CoreSchema, PydanticCustomError

from concord.core.models import Signature
from concord.core.signatures import UNSIGNED
from concord.core.tenancy import PRIVATE, SHARED
from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea

if TYPE_CHECKING:
    from ninja.operation import Operation

    from concord.orgs.models import User

logger = logging.getLogger(__name__)

# The databases' primary keys are signed 64-bit: a larger id is a 422, not an overflow and a 500.
MAX_ID = 2**63 - 1
# Deep enough for any real list; bounded so OFFSET never overflows the database's integer.
MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 100

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


# Every enum the API names, by its name in the OpenAPI schema: one name, one set of values.
API_ENUMS: dict[str, type[enum.StrEnum]] = {}


@dataclass(frozen=True)
class OneOf:
    """A field's metadata: it takes one of `enum`'s values (listed once, by name, in the schema)."""

    enum: type[enum.StrEnum]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return handler.generate_schema(self.enum)


def one_of(name: str, values: type[TextChoices] | Mapping[str, str]) -> OneOf:
    """The values a choice field takes, as the enum `name`: `Annotated[str, one_of(...)]` is a
    string to the type checker and a named enum to the API.

    Ninja files an enum under its name only, so two different enums of one name would silently
    share one entry of the OpenAPI schema: a second enum under a taken name is refused here.
    """
    members = (
        {member.name: member.value for member in values}
        if isinstance(values, type)
        else dict(values)
    )
    if name not in API_ENUMS:
        API_ENUMS[name] = enum.StrEnum(name, members)  # type: ignore[assignment]
    known = API_ENUMS[name]
    if {member.name: member.value for member in known} != members:
        raise ImproperlyConfigured(f"Two API enums are named {name}: give one another name.")
    return OneOf(known)


# Shared vocabulary: core's own choices, named once for every app's API.
Visibility = Annotated[str, one_of("Visibility", {"SHARED": SHARED, "PRIVATE": PRIVATE})]
TherapeuticAreaName = Annotated[str, one_of("TherapeuticArea", TherapeuticArea)]
ModalityName = Annotated[str, one_of("Modality", Modality)]
StageName = Annotated[str, one_of("Stage", Stage)]
DealTypeName = Annotated[str, one_of("DealType", DealType)]
SignatureMeaning = Annotated[str, one_of("SignatureMeaning", Signature.Meaning)]


# ---------------------------------------------------------------------------------------------
# The acting member (authenticated by orgs' BearerToken, see orgs/auth.py)


def actor(request: HttpRequest) -> User:
    """The member an authenticated request acts for."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


# ---------------------------------------------------------------------------------------------
# Schemas every app uses


def _unstorable(value: Any) -> bool:
    """Text no database can store: a NUL character, or a lone surrogate ("\\ud800" in JSON)."""
    if isinstance(value, str):
        return "\x00" in value or _has_surrogate(value)
    if isinstance(value, list | tuple):
        return any(_unstorable(item) for item in value)
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    return False


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _scalar_kinds(annotation: Any) -> set[type]:
    """The plain types a field's annotation allows, through Optional, unions and Annotated."""
    args = typing.get_args(annotation)
    if not args:
        return {annotation} if isinstance(annotation, type) else set()
    if typing.get_origin(annotation) is Annotated:
        return _scalar_kinds(args[0])
    return set().union(*(_scalar_kinds(arg) for arg in args))


def _loose_scalar(kinds: set[type], value: Any) -> str:
    """Why a JSON number cannot stand for a yes/no or a date here ("" when it is fine)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if bool in kinds and int not in kinds and number:
        return "Give true or false, not a number."
    if kinds & {datetime.date, datetime.datetime} and (
        number or isinstance(value, bool) or (isinstance(value, str) and value.strip().isdigit())
    ):
        return "Give a date as YYYY-MM-DD (a date and time as ISO 8601), not a number."
    return ""


class InputSchema(Schema):
    """Base of every request schema: unknown fields and unstorable text are refused (422), and
    so are numbers where a yes/no or a date is expected (pydantic would read `0` as false or as
    1 January 1970).

    PostgreSQL rejects NUL in text and neither database takes a lone surrogate, so letting one
    through would turn bad input into a 500.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_loose_scalars(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        problem = _loose_scalar(_scalar_kinds(field.annotation), value) if field else ""
        if problem:
            raise PydanticCustomError("strict_scalar", problem)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_unstorable_text(cls, value: Any) -> Any:
        if _unstorable(value):
            raise PydanticCustomError(
                "unstorable_text", "Text cannot contain NUL characters or lone surrogates."
            )
        return value


class SignatureIn(InputSchema):
    """An electronic signature (21 CFR Part 11): the signer re-enters their password with the
    request, whatever token authenticates it, gives a current code from their second factor
    once they have one, and states what the signature means. Someone who signs in through
    their organisation's identity provider has no password here and signs with the code alone."""

    code: str = Field(
        default="",
        max_length=64,
        description="A current code from the signer's authenticator app, or one of their "
        "recovery codes: required once they have set up two-factor authentication, and for "
        "people who sign in through their organisation's identity provider. A passkey signs "
        "only on Concord's pages (it answers a challenge held in the browser session); through "
        "the API a signer whose second factor is a passkey gives one of their recovery codes, "
        "or adds an authenticator app.",
    )
    password: str = Field(
        default="",
        validate_default=True,
        max_length=4096,
        description="The signer's own password, re-entered at the moment of signing (left out "
        "by people who sign in through their organisation's identity provider).",
        json_schema_extra={"format": "password"},
    )
    meaning: SignatureMeaning = Field(description="What the signature means.")

    @field_validator("password", mode="after")
    @classmethod
    def _password_or_code(cls, value: str, info: ValidationInfo) -> str:
        # Which of the two the signer needs is the signing service's check; neither is unsigned.
        if not value and not info.data.get("code"):
            raise PydanticCustomError("unsigned", UNSIGNED)
        return value


class SignatureOut(Schema):
    """A signature's manifest: who signed, for which organisation, what it means, and when
    (in UTC, and on the signer's clock with its time zone)."""

    printed_name: str
    organisation: str
    meaning: SignatureMeaning
    statement: str
    signed_at: datetime.datetime
    time_zone: str
    signed_at_local: str = Field(description="Date and time on the signer's clock, with zone.")
    content_hash: str = Field(description="SHA-256 of the content signed.")

    @staticmethod
    def resolve_organisation(obj: Signature) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_signed_at_local(obj: Signature) -> str:
        return obj.signed_at_display


class FieldErrorOut(Schema):
    field: str | None = Field(description="The offending field, or null for the whole request.")
    message: str


class ErrorOut(Schema):
    """Every error the API returns: a message, the first offending field, and all problems."""

    message: str
    field: str | None
    errors: list[FieldErrorOut]


class PageIn(InputSchema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class PageOut(Schema):
    """One page of a list; `count` is the number of items in the whole list."""

    count: int
    limit: int
    offset: int


def paginate(items: QuerySet[Any], page: PageIn) -> dict[str, Any]:
    """A page of a queryset with the total count: a count, a read and its prefetches, however long."""
    return {
        "count": items.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(items[page.offset : page.offset + page.limit]),
    }


# 429: too many failed sign-ins or wrong API keys from one account or address (orgs.signin_limits).
ERROR_CODES = (400, 401, 403, 404, 422, 429)


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    """An operation's responses: its success schema plus the error shape for every error code."""
    return {**ok, **dict.fromkeys(ERROR_CODES, ErrorOut)}


# ---------------------------------------------------------------------------------------------
# Errors: one JSON shape for all of them


def error_body(problems: Iterable[tuple[str | None, str]], message: str = "") -> dict[str, Any]:
    """`{"message", "field", "errors": [{"field", "message"}]}` from (field, message) pairs."""
    errors = [{"field": field, "message": text} for field, text in problems]
    first = errors[0] if errors else {"field": None, "message": message}
    return {"message": message or first["message"], "field": first["field"], "errors": errors}


def _error(api: NinjaAPI, request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _pydantic_field(loc: tuple[Any, ...]) -> str | None:
    """Where pydantic found the problem, in the client's words.

    ("body", "payload", "programmes", 0, "stage") → "programmes.0.stage": the endpoint's
    parameter name says nothing to the client. ("query", "params", "phase", 0) → "phase": ninja
    flattens a query schema's top-level names but keeps the parameter name on deeper errors.
    """
    source, *path = loc
    if source == "body":
        path = path[1:]
    elif source == "query" and len(path) > 1:
        path = path[1:2]
    return ".".join(str(part) for part in path) or None


def _request_problem(error: dict[str, Any]) -> tuple[str | None, str]:
    field = _pydantic_field(tuple(error.get("loc", ())))
    if field is None and error.get("type") == "missing":
        return None, "Send the request's fields as a JSON object."
    return field, str(error.get("msg", ""))


def _request_problems(exc: NinjaValidationError) -> list[tuple[str | None, str]]:
    return [_request_problem(error) for error in exc.errors]


def _django_problems(exc: DjangoValidationError) -> list[tuple[str | None, str]]:
    if not hasattr(exc, "error_dict"):
        return [(None, message) for message in exc.messages]
    return [
        (None if field == NON_FIELD_ERRORS else field, message)
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    """Turn every exception the API can meet into the one JSON error shape."""

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return _error(api, request, 422, error_body(_request_problems(exc)))

    @api.exception_handler(DjangoValidationError)
    def service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _error(api, request, 422, error_body(_django_problems(exc)))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = str(exc)
        if message == AuthenticationError().message:  # ninja's bare word when no token matched
            message = "Send a valid API token as `Authorization: Bearer <token>`."
        return _error(api, request, 401, error_body([(None, message)]))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if message.startswith("Cannot parse request body"):  # ninja's words for malformed JSON
            message = "The request body is not valid JSON."
        return _error(api, request, exc.status_code, error_body([(None, message)]))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Django's own answer to these (an oversized body, say) is a 400; so is ours.
        message = "The request body is too large." if isinstance(exc, RequestDataTooBig) else ""
        body = error_body([(None, message or "The request was refused as malformed.")])
        return _error(api, request, 400, body)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "Your role does not allow this."
        return _error(api, request, 403, error_body([(None, message)]))

    # The same answer whether a record is missing or only invisible: a 404 reveals nothing.
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, error_body([(None, "Not found.")]))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return _error(api, request, 404, error_body([(None, "Not found.")]))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return _error(api, request, 500, error_body([(None, "Something went wrong on our side.")]))


# ---------------------------------------------------------------------------------------------
# The API object


class ConcordAPI(NinjaAPI):
    """A NinjaAPI whose every answer is JSON, even a wrong method or an unknown path.

    ninja answers 405 with plain text and leaves unknown paths to Django's HTML 404; all are
    caught here, at the API's own URLs, so no client ever has to parse anything but the one
    error shape. (`_get_urls` is ninja's, pinned at 1.7.1.)
    """

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._json_errors(pattern.callback)
        return [*urls, re_path(r"^", self._unknown_path)]

    def _json_errors(
        self, view: Callable[..., HttpResponseBase]
    ) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)  # keeps csrf_exempt and ninja's markers
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # ninja's bare /api/v1/ root
                return self._unknown_path(request)
            if response.status_code != 405 or response.get("Content-Type") == "application/json":
                return response
            message = f"{request.method} is not allowed here; use {response['Allow']}."
            answer = _error(self, request, 405, error_body([(None, message)]))
            answer["Allow"] = response["Allow"]
            return answer

        return wrapped

    def _unknown_path(self, request: HttpRequest) -> HttpResponse:
        return _error(self, request, 404, error_body([(None, "No such API endpoint.")]))

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`concord_<app>_api_<view>`, whichever module of an app's api package holds the view.

        Clients generate their method names from operation ids, so an api.py that grows into an
        api/ package must not rename them (ninja's default names the defining module).
        """
        module = operation.view_func.__module__
        package, inside, _ = module.partition(".api.")
        if inside:
            module = f"{package}.api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")
