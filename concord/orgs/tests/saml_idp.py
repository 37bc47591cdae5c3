"""A SAML 2.0 identity provider for the tests: pysaml2's IdP (`saml2.server.Server`) behind a
tiny WSGI app, run as its own process on loopback.

`python -m concord.orgs.tests.saml_idp <state dir>` binds 127.0.0.1 on a free port, prints its
base URL and serves:
    GET  /sso   (HTTP-Redirect binding) a sign-in form for the AuthnRequest
    POST /sso   the person's email and password: a signed assertion posted back to the service
                provider's ACS URL, or a SAML error status if the provider refuses them
Its people are read from <state dir>/people.json on every request (`enabled: false` stands for IT
turning an account off) and the service provider's metadata from <state dir>/sp.xml, so a test
changes both by rewriting files. Assertions are signed with <state dir>/idp.key by the xmlsec1
program, as pysaml2 does by default.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.samlp import STATUS_AUTHN_FAILED
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

# SHA-1 signatures are refused by Concord (python3-saml rejects deprecated algorithms).
SIGNING = {"sign_alg": SIG_RSA_SHA256, "digest_alg": DIGEST_SHA256}

Environ = dict[str, Any]


def idp_server(state: Path, base: str) -> Server:
    """pysaml2's IdP, configured afresh so it sees the latest service provider metadata."""
    config = {
        "entityid": f"{base}/metadata",
        "service": {
            "idp": {
                "endpoints": {"single_sign_on_service": [(f"{base}/sso", BINDING_HTTP_REDIRECT)]},
                "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}},
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
            }
        },
        "key_file": str(state / "idp.key"),
        "cert_file": str(state / "idp.crt"),
        "metadata": {"local": [str(state / "sp.xml")]},
    }
    conf = IdPConfig()
    conf.load(config)
    return Server(config=conf)


def _form(saml_request: str, relay_state: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
        for k, v in (("SAMLRequest", saml_request), ("RelayState", relay_state))
    )
    return (
        '<html><body><form method="post" action="/sso">'
        f'{hidden}<input name="email"><input name="password" type="password">'
        "<button>Sign in</button></form></body></html>"
    )


def _respond(state: Path, base: str, fields: dict[str, str]) -> str:
    """The signed-in person's assertion, or an error status, as an auto-posting HTML form."""
    server = idp_server(state, base)
    request = server.parse_authn_request(fields["SAMLRequest"], BINDING_HTTP_REDIRECT).message
    acs_url = request.assertion_consumer_service_url
    people = json.loads((state / "people.json").read_text())
    email = fields.get("email", "").lower()
    person = people.get(email)
    if person is None or person["password"] != fields.get("password") or not person["enabled"]:
        response = server.create_error_response(
            request.id,
            acs_url,
            (STATUS_AUTHN_FAILED, "This account cannot sign in."),
            sign=True,
            **SIGNING,
        )
    else:
        identity = {
            "mail": [email],
            "givenName": [person["given_name"]],
            "sn": [person["family_name"]],
        }
        response = server.create_authn_response(
            identity,
            in_response_to=request.id,
            destination=acs_url,
            sp_entity_id=request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            userid=email,
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=True,
            **SIGNING,
        )
    args = server.apply_binding(
        BINDING_HTTP_POST, str(response), acs_url, fields.get("RelayState", ""), response=True
    )
    return str(args["data"])


def application(state: Path, base: str):
    def app(environ: Environ, start_response: Any) -> list[bytes]:
        if environ["PATH_INFO"] != "/sso":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        if environ["REQUEST_METHOD"] == "GET":
            query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            body = _form(query.get("SAMLRequest", ""), query.get("RelayState", ""))
        else:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(size).decode()
            body = _respond(state, base, {k: v[0] for k, v in parse_qs(raw).items()})
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(state_dir: str) -> None:
    state = Path(state_dir)
    httpd = make_server("127.0.0.1", 0, lambda e, s: [], handler_class=_QuietHandler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.set_app(application(state, base))
    print(base, flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
