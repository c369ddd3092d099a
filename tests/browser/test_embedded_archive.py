"""The archive on the embedded desk, as `make run` starts it: SQLite, the demo data, the
development server; in headless Chromium at 1280 and 390 px, a manager types the search
box's own example and finds the apology it describes, its words marked."""

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..workers import wait_for

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = 'late delivery refund, "wrong size", -voucher'


def _answers(url):
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200  # nosec: our own server
    except OSError:
        return False


@pytest.fixture(scope="module")
def embedded_desk(tmp_path_factory):
    """`make run`'s desk on a fresh SQLite file: migrated, the demo seeded, served."""
    env = {**os.environ, "DEBUG": "true",
           "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('desk') / 'desk.sqlite3'}"}
    env.pop("REDIS_URL", None)
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",
                               f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _answers(f"{url}/accounts/login/"), timeout=60)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_boxs_example_on_sqlite(embedded_desk, page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    page.goto(f"{embedded_desk}/accounts/login/")
    page.get_by_label("Email").fill("manager@example.com")
    page.get_by_label("Password").fill("recovery-demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{embedded_desk}/archive/")
    box = page.get_by_role("searchbox", name="Search")
    box.fill(box.get_attribute("placeholder"))
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text(f"1 archived apology matching “{EXAMPLE}”")).to_be_visible()
    expect(page.get_by_role("link", name="Wrong size sent twice")).to_be_visible()
    expect(page.locator(".snippet mark").first).to_be_visible()
    screenshot(f"archive-embedded-example-{width}")

    # `or` and an exclusion: (refund and not courier) or kettle
    box = page.get_by_role("searchbox", name="Search")
    box.fill("refund -courier or kettle")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("2 archived apologies matching “refund -courier or kettle”")
           ).to_be_visible()
    for title in ("Wrong size sent twice", "Warranty claim ignored for a month"):
        expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(f"archive-embedded-or-{width}")
