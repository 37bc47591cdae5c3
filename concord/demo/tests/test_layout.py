"""Every main page fits the screen, walked with the demo's people, whose pages are full: on a
390×844 phone nothing scrolls sideways, and at 1440×900 no table is cut off.

The demo is seeded once per run (conftest.py) inside a transaction that is rolled back, so no
server in another thread or process could see it. Chromium asks for each page, and the request
is answered in this thread by Django's test client, on the test's own connection.

Set CONCORD_SCREENSHOTS=<dir> to keep a full-page screenshot of each page at each size.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from concord.alliances.models import Alliance, Party
from concord.core import sections
from concord.demo.tests.conftest import Seeded
from concord.orgs.models import User
from concord.portal.models import Submission
from concord.research.models import Study
from tests.browser.chromium import chromium

pytestmark = [
    pytest.mark.xdist_group("demo"),
    pytest.mark.browser,
    pytest.mark.django_db,
    # What fits a screen is the pages' markup and CSS over the same seeded story on either
    # engine: the PostgreSQL pass would lay out the same pages again.
    pytest.mark.one_pass,
]

SHOTS = os.environ.get("CONCORD_SCREENSHOTS", "")
SITE = "http://concord.test"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}

# Whether the page scrolls sideways, and which wide boxes (tables) hide part of themselves.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  clipped: [...document.querySelectorAll('.table-wrap, .table-scroll')]
    .filter(box => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
    .map(box => (box.querySelector('caption') || box).textContent.trim().slice(0, 60)),
})"""

# Known to be wider than 1440 px and scrolling inside its own box (checked for page overflow like
# any other page). None now: the portfolio's table, whose columns come from every capability,
# fits since its page takes the top bar's width and its headings wrap.
WIDE_TABLES_KNOWN: set[str] = set()


def person(first_name: str, organisation: str) -> User:
    return User.objects.get(
        first_name=first_name, membership__organisation__name__startswith=organisation
    )


def main_pages(user: User) -> Iterator[tuple[str, str]]:
    """(name, path) of every main page the person reaches, and every tab of their busiest
    alliance."""
    for name in (
        "core:home",
        "alliances:alliance-list",
        "alliances:portfolio",
        "alliances:portfolio-review",
        "health:portfolio",
        "deals:portfolio-ledger",
        "expectations:portfolio-commitments",
        "governance:calendar",
        "orgs:organisation-detail",
        "orgs:organisation-list",
        "orgs:profile",
    ):
        yield name, reverse(name)
    joined = Party.objects.visible_to(user).filter(
        organisation=user.membership.organisation, status=Party.Status.ACCEPTED
    )
    alliance = (
        Alliance.objects.visible_to(user)
        .filter(pk__in=joined.values("alliance_id"))
        .order_by("-pk")
        .first()
    )
    if alliance is not None:
        for tab in sections.alliance_tabs():
            yield tab.url_name, reverse(tab.url_name, args=[alliance.pk])
        for name in ("governance:decision-log", "governance:action-list"):
            yield name, reverse(name, args=[alliance.pk])
    # The finished federated study, with its chart and result tables, and the data stewards.
    study = Study.objects.visible_to(user).filter(runs__status="succeeded").first()
    if study is not None:
        yield "research:study-detail", reverse("research:study-detail", args=[study.pk])
    yield "research:stewards", reverse("research:stewards")


def portal_pages(user: User) -> Iterator[tuple[str, str]]:
    yield "portal:queue", reverse("portal:queue")
    yield "portal:statistics", reverse("portal:statistics")
    submission = (
        Submission.objects.visible_to(user)
        .filter(organisation=user.membership.organisation)
        .order_by("pk")
        .first()
    )
    if submission is not None:
        yield "portal:submission-detail", reverse("portal:submission-detail", args=[submission.pk])


def answer_with(client: Client, connection: Any) -> Any:
    """A Playwright route handler: static files from the finders, everything else from Django
    through `client` (signed in as the person), in this thread and on the test's connection.

    Playwright's event loop makes Django treat the thread as async, where its connections are
    per context: the handler is handed the test's own, or it would not see the seeded demo."""

    def answer(route: Any) -> None:
        connections[DEFAULT_DB_ALIAS] = connection
        url = urlsplit(route.request.url)
        if url.netloc != urlsplit(SITE).netloc:
            route.abort()  # nothing leaves the machine
            return
        if url.path.startswith(settings.STATIC_URL):
            found = finders.find(url.path.removeprefix(settings.STATIC_URL))
            if not found:
                route.fulfill(status=404, body="")
                return
            with open(found, "rb") as static:
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                route.fulfill(status=200, body=static.read(), headers={"content-type": kind})
            return
        response = client.get(url.path, query_string=url.query, follow=False)
        headers = {key.lower(): value for key, value in response.items()}
        if isinstance(response, StreamingHttpResponse):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        route.fulfill(status=response.status_code, body=body, headers=headers)

    return answer


def walk(page: Any, pages: list[tuple[str, str]], size: str) -> list[str]:
    """Visit each page; return what does not fit, one line per problem."""
    problems = []
    for name, path in pages:
        response = page.goto(SITE + path)
        assert response is not None and response.status == 200, f"{name}: {path}"
        fit = page.evaluate(OVERFLOW)
        if fit["page"] > 0:
            problems.append(f"{size} {name} ({path}) scrolls sideways by {fit['page']}px")
        if size == "desktop" and fit["clipped"] and name not in WIDE_TABLES_KNOWN:
            problems.append(f"{size} {name} ({path}) cuts off tables: {fit['clipped']}")
        if SHOTS:
            slug = name.replace(":", "-")
            page.screenshot(path=f"{SHOTS}/{size}-{slug}.png", full_page=True)
    return problems


def test_every_main_page_fits_a_phone_and_a_wide_screen(seeded: Seeded) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    people = []
    for user in (person("Hannah", "Castlegate"), person("Maya", "Lumen")):
        client = Client()
        client.force_login(user)
        pages = list(main_pages(user))
        if user.first_name == "Hannah":  # the pharma runs the partnering portal
            pages += list(portal_pages(user))
        people.append((client, pages))
    problems = []
    with chromium() as browser:
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            for client, pages in people:
                context = browser.new_context(viewport=viewport)
                context.set_default_timeout(15_000)
                context.route("**/*", answer_with(client, connection))
                problems += walk(context.new_page(), pages, size)
                context.close()
    assert not problems, "\n".join(problems)
