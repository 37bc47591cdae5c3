"""A small OpenID Connect provider for development and the test suite, served on loopback.

It speaks the authorisation-code flow as Okta or Entra ID do (discovery document, a sign-in
form, the token endpoint with client authentication and PKCE, userinfo, a JWKS with an RS256
key), so Concord's sign-in runs the real protocol against it: tokens are signed with joserfc and
verified by allauth's own code. It keeps its people in memory; `disable()` stands for IT turning
an account off when someone leaves. Not for production: it has no persistence and no TLS.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class IdpPerson:
    """Someone the provider knows, and whether IT still lets them sign in."""

    email: str
    password: str
    given_name: str
    family_name: str
    enabled: bool = True
    sub: str = field(default_factory=lambda: secrets.token_hex(8))


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    person: IdpPerson
    nonce: str
    code_challenge: str
    expires: float


class DevIdentityProvider:
    """An OIDC provider on 127.0.0.1 in a daemon thread; `issuer` is its base URL."""

    def __init__(self, *, clients: dict[str, str], port: int = 0, host: str = "127.0.0.1"):
        self.clients = dict(clients)  # client_id → client_secret
        self.people: dict[str, IdpPerson] = {}
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
        self.kid = secrets.token_hex(4)
        self._grants: dict[str, _Grant] = {}
        self._access: dict[str, IdpPerson] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self.issuer = f"http://{host}:{self.server.server_address[1]}"
        self._thread: threading.Thread | None = None

    def add_person(self, email: str, password: str, given_name: str, family_name: str) -> None:
        """Let a person sign in with this email address and password."""
        self.people[email.lower()] = IdpPerson(email.lower(), password, given_name, family_name)

    def disable(self, email: str) -> None:
        """The person has left: the provider refuses them from now on."""
        self.people[email.lower()].enabled = False

    def start(self) -> DevIdentityProvider:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # The protocol

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "given_name", "family_name"],
        }

    def jwks(self) -> dict[str, Any]:
        public = self.key.as_dict(private=False)
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, params: dict[str, str], email: str, password: str) -> str:
        """Check the person and return where to send the browser: the client, with a code or
        an error. Raises ValueError for a request the client itself got wrong."""
        redirect_uri = params.get("redirect_uri", "")
        if params.get("client_id") not in self.clients or not redirect_uri:
            raise ValueError("unknown client or no redirect_uri")
        state = {"state": params["state"]} if "state" in params else {}
        person = self.people.get(email.strip().lower())
        if person is None or not secrets.compare_digest(person.password, password):
            raise PermissionError("wrong email or password")
        if not person.enabled:
            query = {"error": "access_denied", "error_description": "Account disabled", **state}
            return f"{redirect_uri}?{urlencode(query)}"
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = _Grant(
                params["client_id"],
                redirect_uri,
                person,
                params.get("nonce", ""),
                params.get("code_challenge", ""),
                time.time() + 60,
            )
        return f"{redirect_uri}?{urlencode({'code': code, **state})}"

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
        if self.clients.get(client_id) is None or not secrets.compare_digest(
            self.clients[client_id], secret
        ):
            raise PermissionError("invalid_client")
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant.expires < time.time()
            or grant.client_id != client_id
            or grant.redirect_uri != form.get("redirect_uri")
            or not grant.person.enabled
        ):
            raise LookupError("invalid_grant")
        if grant.code_challenge:
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if digest.decode() != grant.code_challenge:
                raise LookupError("invalid_grant")
        access = secrets.token_urlsafe(24)
        self._access[access] = grant.person
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant.person.sub,
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            **({"nonce": grant.nonce} if grant.nonce else {}),
            **self.claims(grant.person),
        }
        id_token = jwt.encode({"alg": "RS256", "kid": self.kid}, claims, self.key)
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def claims(self, person: IdpPerson) -> dict[str, Any]:
        return {
            "sub": person.sub,
            "email": person.email,
            "email_verified": True,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "name": f"{person.given_name} {person.family_name}",
        }

    def userinfo(self, access: str) -> dict[str, Any]:
        person = self._access.get(access)
        if person is None or not person.enabled:
            raise PermissionError("invalid_token")
        return self.claims(person)


SIGN_IN_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Development identity provider</title></head><body style="font-family:sans-serif;max-width:30rem;margin:3rem auto">
<h1>Development identity provider</h1><p>Sign in to continue to Concord.</p>{error}
<form method="post">{hidden}
<p><label>Email<br><input name="email" type="email" autocomplete="username" required></label></p>
<p><label>Password<br><input name="password" type="password" required></label></p>
<p><button type="submit">Sign in</button></p></form></body></html>"""


def _handler(idp: DevIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet in tests; the command prints what matters

        def _send(self, status: int, body: str, content_type: str = "application/json") -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            self._send(status, json.dumps(payload))

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

        def _query(self) -> dict[str, str]:
            return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

        def _sign_in_form(self, params: dict[str, str], error: str = "") -> None:
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in params.items()
                if k not in {"email", "password"}
            )
            notice = f'<p role="alert">{html.escape(error)}</p>' if error else ""
            self._send(200, SIGN_IN_FORM.format(error=notice, hidden=hidden), "text/html")

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/.well-known/openid-configuration":
                self._json(200, idp.discovery())
            elif path == "/jwks":
                self._json(200, idp.jwks())
            elif path == "/authorize":
                self._sign_in_form(self._query())
            elif path == "/userinfo":
                access = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
                try:
                    self._json(200, idp.userinfo(access))
                except PermissionError:
                    self._json(401, {"error": "invalid_token"})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            form = self._form()
            if path == "/authorize":
                params = {**self._query(), **form}
                try:
                    location = idp.authorize(
                        params, form.get("email", ""), form.get("password", "")
                    )
                except PermissionError as error:
                    self._sign_in_form(params, str(error).capitalize() + ".")
                except ValueError as error:
                    self._json(400, {"error": "invalid_request", "error_description": str(error)})
                else:
                    self._redirect(location)
            elif path == "/token":
                self._token(form)
            else:
                self._json(404, {"error": "not_found"})

        def _token(self, form: dict[str, str]) -> None:
            basic = None
            header = self.headers.get("Authorization", "")
            if header.startswith("Basic "):
                decoded = base64.b64decode(header[6:]).decode()
                client_id, _, secret = decoded.partition(":")
                basic = (client_id, secret)
            try:
                self._json(200, idp.token(form, basic))
            except PermissionError as error:
                self._json(401, {"error": str(error)})
            except LookupError as error:
                self._json(400, {"error": str(error)})

    return Handler
