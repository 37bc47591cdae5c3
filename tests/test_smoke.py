"""Smoke test: Concord started as `make run` starts it, on a machine without optional programs.

A newly migrated database (migrated once for this test and the migration test) is seeded with the
demo in a fresh var/ directory, then scripts/serve.sh serves it (web server, task worker, sweep)
with Graphviz's `dot`, pdftotext, pdftoppm, Chromium and LibreOffice hidden from PATH. Signed in
as the demo's pharma alliance manager, the test opens every page the top bar links to, the first
alliance of the portfolio and every tab and page its page links to, and each must answer 200.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPTIONAL = {"dot", "pdftotext", "pdftoppm", "chromium", "libreoffice", "soffice", "graphviz-pure"}
MANAGER = "hannah@castlegate.example"
PASSWORD = "concord-demo"  # the one demo password, printed in the banner
# Links that are not pages to open: signing out, downloads, the API, the admin, other sites.
SKIP = re.compile(
    r"^/(accounts/logout|api/|admin/|static/)|\.(csv|xlsx|ics|pdf|png|svg)$|/download/"
)

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.xdist_group("smoke"),
    # `make run` serves SQLite: the PostgreSQL pass of the suite would run the same thing again.
    pytest.mark.one_pass,
]


def path_without_optional_programs(tmp_path: Path) -> str:
    """A PATH of links to every program on this one, except the optional ones."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            target, link = Path(folder) / name, bin_dir / name
            if name in OPTIONAL or link.exists() or not os.access(target, os.X_OK):
                continue
            link.symlink_to(target)
    return str(bin_dir)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Cookies and CSRF like a browser, on urllib alone."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def sign_in(self, email: str, password: str) -> None:
        status, page = self.get("/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": email, "password": password}
        ).encode()
        request = urllib.request.Request(  # noqa: S310  (always http://127.0.0.1)
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/"}
        )
        with self.opener.open(request, timeout=60) as response:
            assert "/accounts/login/" not in response.url, "the demo login did not sign in"


def links(page: str, within: str = "") -> list[str]:
    """Same-site page links in a piece of HTML, in order, without fragments or queries."""
    found = []
    for href in re.findall(r'href="(/[^"#?]*)', within or page):
        if not SKIP.search(href) and href not in found:
            found.append(href)
    return found


def section(page: str, tag: str) -> str:
    match = re.search(rf"<{tag}\b.*?</{tag}>", page, re.S)
    return match.group(0) if match else ""


def wait_for(browser: Browser, server: subprocess.Popen, seconds: int = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "serve.sh stopped"
        try:
            if browser.get("/")[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise AssertionError("the server did not answer")


@pytest.fixture
def served(tmp_path, migrated_sqlite):
    """migrate, seed the demo and serve it, as `make run` does, with optional programs hidden."""
    env = {
        **os.environ,
        "PATH": path_without_optional_programs(tmp_path),
        "DEBUG": "true",
        "CONCORD_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "concord.settings",
    }
    env.pop("DATABASE_URL", None)  # a fresh SQLite file, whichever database the suite uses
    assert shutil.which("dot", path=env["PATH"]) is None
    python = sys.executable
    # `make run` migrates a new database, then seeds it: the migrated file is the one the
    # migration test checks (made once for both, tests/conftest.py), at var/'s default place.
    migrated_sqlite.copy_to(tmp_path / "var" / "concord.sqlite3")
    subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True)
    port = free_port()
    env |= {"HOST": "127.0.0.1", "PORT": str(port), "BIN": str(Path(python).parent)}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        ["bash", "scripts/serve.sh"],  # noqa: S607  (bash itself stays on the trimmed PATH)
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    browser = Browser(f"http://127.0.0.1:{port}")
    try:
        wait_for(browser, server)
        yield browser, tmp_path / "serve.log"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_every_main_page_answers_200_without_optional_programs(served):
    browser, log = served
    browser.sign_in(MANAGER, PASSWORD)
    status, home = browser.get("/")
    assert status == 200 and "Castlegate Pharma" in home
    main = links(home, section(home, "header"))
    assert len(main) >= 5, main
    status, alliances = browser.get("/alliances/")
    assert status == 200
    first = next(h for h in links(alliances) if re.fullmatch(r"/alliances/\d+/", h))
    status, alliance = browser.get(first)
    assert status == 200
    tabs = [h for h in links(alliance) if h.startswith(first) or "/alliances/" not in h]
    answers = {path: browser.get(path)[0] for path in dict.fromkeys([*main, first, *tabs])}
    failed = {path: code for path, code in answers.items() if code != 200}
    assert failed == {}, f"{failed}\n{log.read_text()[-3000:]}"
    assert len(answers) >= 15, sorted(answers)
    assert "Traceback" not in log.read_text()
