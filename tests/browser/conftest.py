"""Chromium for the browser tests: one browser per session, a fresh context (cookies, viewport)
per test, and a screenshot in test-artifacts/ when a test fails.

Debian's Chromium is driven by Playwright's Python package; Playwright's own browser download
does not work on these machines, so never run `playwright install`.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(request, browser, live_server):
    """Open a page in a context of its own: `new_page(viewport={"width": 390, ...})`."""
    contexts = []

    def _new_page(**context_options):
        context_options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _save_screenshots(request.node.name, contexts)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _save_screenshots(test_name, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", test_name)
    for index, context in enumerate(contexts):
        for number, page in enumerate(context.pages):
            path = ARTIFACTS / f"{stem}-{index}-{number}.png"
            with contextlib.suppress(PlaywrightError):  # a crashed page must not hide the failure
                page.screenshot(path=str(path), full_page=True)
