"""The dashboard in a real browser: Debian's Chromium driven by Playwright against a real
``relance serve`` (SQLite, or PostgreSQL on the PostgreSQL pass), seeded through the CLI and the
HTTP API with an uploaded WAV recording. Screenshots of every page land in the test's tmp dir."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from relance.config import Settings
from tests import backends
from tests.cli.helpers import free_port, server_env, serving
from tests.dashboard.helpers import PASSWORD, unique_email
from tests.dashboard.seed import Seeded, seed
from tests.webhooks.receiver import Received, Receiver
from tests.webhooks.workers import worker, worker_env

CHROMIUM = "/usr/bin/chromium"
# The machine's closed network: no background connections, no sandbox as root, no GPU.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip
TIMEOUT_MS = 15_000


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """The company's webhook endpoint: a real HTTP server on loopback."""
    started = Receiver().start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def served(settings: Settings, tmp_path: Path, receiver: Receiver) -> Iterator[tuple[str, Seeded]]:
    port = free_port()
    env = server_env(tmp_path / "data", str(settings.database_url))
    env["RELANCE_PUBLIC_URL"] = f"http://127.0.0.1:{port}"  # the signed media links' base
    env |= {"RELANCE_WEBHOOKS_ALLOW_PRIVATE": "true", "RELANCE_WEBHOOK_POLL_SECONDS": "0.05"}
    with ExitStack() as stack:
        base = stack.enter_context(serving(tmp_path, env, port))
        if backends.backend() == "postgresql":  # SQLite's serve delivers in process
            stack.enter_context(worker(worker_env(str(settings.database_url), tmp_path), tmp_path))
        yield base, seed(base, env, tmp_path, unique_email("operator"), receiver.url)


def _test_events(receiver: Receiver, count: int, timeout: float = 20.0) -> list[Received]:
    deadline = time.monotonic() + timeout
    while True:
        found = [r for r in receiver.requests() if b'"webhook.test"' in r.body]
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) == count, found
            return found
        time.sleep(0.05)


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"dashboard-{name}.png"), full_page=True)


def test_an_operator_logs_in_searches_listens_sees_the_charts_and_logs_out(
    browser: Browser, served: tuple[str, Seeded], receiver: Receiver, tmp_path: Path
) -> None:
    base, seeded = served
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url))

    # Without a session, the dashboard sends the browser to the login form.
    page.goto(f"{base}/dashboard/debts")
    expect(page).to_have_url(f"{base}/dashboard/login")
    _shot(page, shots, "login")
    page.fill("input[name=email]", seeded.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/dashboard/debts")
    expect(page.locator("table.debts tbody tr")).to_have_count(5)
    _shot(page, shots, "debts")

    page.fill("input[name=q]", "martin")
    page.press("input[name=q]", "Enter")
    rows = page.locator("table.debts tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Camille Martin")
    _shot(page, shots, "search")

    page.click("a.debt-link")
    expect(page).to_have_url(f"{base}/dashboard/debts/{seeded.debt_id}")
    expect(page.locator("li.followup")).to_have_count(4)
    expect(page.locator(".badge.opened")).to_have_text("opened \u00d72")
    expect(page.locator(".badge.clicked")).to_have_text("clicked \u00d71")
    expect(page.locator(".payment")).to_contain_text("Payment 400.00 EUR")
    expect(page.locator(".duration").first).to_have_text("3 min 04 s")

    audio = page.locator("audio.recording")
    expect(audio).to_have_count(1)
    assert (audio.get_attribute("src") or "").startswith(f"{base}/media/")
    audio.evaluate("player => player.play()")
    page.wait_for_function(
        "() => { const a = document.querySelector('audio.recording');"
        " return a.currentTime > 0 && !a.paused; }"
    )
    assert audio.evaluate("player => player.duration") == pytest.approx(3.0, abs=0.1)
    audio.evaluate("player => player.pause()")
    _shot(page, shots, "timeline")

    page.click("nav >> text=Charts")
    expect(page).to_have_url(f"{base}/dashboard/charts")
    for name in ("contact", "answer", "deal"):
        lines = page.locator(f"#chart-{name} svg polyline")
        expect(lines.first).to_be_visible()
        assert lines.count() >= 2  # call and email at least
        box = lines.first.bounding_box()
        assert box is not None
        assert box["width"] > 100
    _shot(page, shots, "charts")

    # The webhooks page: the endpoint, its delivery log, and Replay queues the test event again.
    page.click("nav >> text=Webhooks")
    expect(page).to_have_url(f"{base}/dashboard/webhooks")
    page.click("a.webhook-link")
    expect(page).to_have_url(f"{base}/dashboard/webhooks/{seeded.webhook_id}")
    deliveries = page.locator("tr.delivery")
    tested = deliveries.filter(has_text="webhook.test")
    expect(tested).to_have_count(1)
    before = deliveries.count()
    tested.locator("button.replay").click()
    expect(deliveries).to_have_count(before + 1)
    expect(tested).to_have_count(2)
    expect(page.locator("tr.delivery.replayed")).to_contain_text("replayed just now")
    # The receiver gets the test event twice, under the same webhook-id (SPEC 8's replay).
    tests = _test_events(receiver, 2)
    assert tests[0].headers["webhook-id"] == tests[1].headers["webhook-id"]
    _shot(page, shots, "webhooks")

    # Another company's debt, by URL: refused, and none of its data shown.
    refused = page.goto(f"{base}/dashboard/debts/{seeded.foreign_debt_id}")
    assert refused is not None
    assert refused.status == 403
    expect(page.locator("body")).not_to_contain_text("Foreign")
    _shot(page, shots, "refused")

    page.click("#logout")
    expect(page).to_have_url(f"{base}/dashboard/login")
    page.goto(f"{base}/dashboard/debts")
    expect(page).to_have_url(f"{base}/dashboard/login")

    assert all(url.startswith(base) for url in outside), "a page loaded something from outside"
    taken = sorted(path.name for path in shots.iterdir())
    pages = ("charts", "debts", "login", "refused", "search", "timeline", "webhooks")
    assert taken == [f"dashboard-{name}.png" for name in pages]
