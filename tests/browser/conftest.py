"""Playwright driving the system Chromium against Django's live server. Never a downloaded browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import chromium

# Assertions wait as long as actions do. Under a full run's load a form post that sends its
# emails can take longer than Playwright's default of five seconds to come back.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) at the live server: one per person."""
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
