"""Headless Chromium for browser tests (Debian's chromium, driven by Playwright).

Without Chromium the tests skip with a reason; with REQUIRE_BROWSER_TESTS=1 (CI) they fail.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def page(monkeypatch):
    if not Path(CHROMIUM).exists():
        reason = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"{reason}, and REQUIRE_BROWSER_TESTS=1 forbids skipping")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django's ORM, used by the
    # test itself around the browser steps, would otherwise refuse to run.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)  # assertions wait as long on a loaded machine

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)  # a loaded CI machine can take a while
        try:
            yield page
        finally:
            # Playwright resumes the test inside an asyncio callback's contextvars context,
            # so the test's ORM calls open a connection of their own, which only code in
            # this context can see. Close it here, or it outlives the test and dropping the
            # test database waits 5 s and fails ("being accessed by other users").
            connections.close_all()
            context.close()
            browser.close()


@pytest.fixture
def screenshot(page):
    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    take.folder = ARTIFACTS  # for a second page's screenshots
    return take
