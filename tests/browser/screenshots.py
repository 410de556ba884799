"""Screenshots for the README, taken in Debian's Chromium.

    DEBUG=1 .venv/bin/python -m tests.browser.screenshots

By default it starts its own server on a free port with a temporary SQLite database (migrated and
seeded with `seed_demo`), so it touches neither db.sqlite3 nor a server you have running. With
`--url http://127.0.0.1:8000` it photographs a running server instead (seed it first).

It writes docs/screenshot-dashboard.png (the demo student's dashboard, whole page, 1280 wide) and
docs/screenshot-timeline-phone.png (one 390x844 phone screen of the timeline around this week).
Korean text needs `fonts-nanum` (Debian package), or it renders as boxes.
"""

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STUDENT = ("student@example.com", "baton-demo")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(*args):
    return [sys.executable, str(ROOT / "manage.py"), *args]


def _healthy(url):
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310
            return answer.status == 200
    except OSError:
        return False


def _wait_until_up(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped with exit code {server.returncode}")
        if _healthy(url):
            return
        time.sleep(0.3)
    sys.exit(f"the server did not answer at {url} within {seconds} s")


@contextlib.contextmanager
def demo_server():
    """A throwaway `runserver` on a free port, with its own migrated and seeded SQLite file."""
    with tempfile.TemporaryDirectory(prefix="baton-screenshots-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "CACHE_URL": "",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        for command in (("migrate", "--noinput"), ("seed_demo",)):
            done = subprocess.run(_manage(*command), env=env, cwd=ROOT, capture_output=True)
            if done.returncode:
                sys.exit(f"manage.py {command[0]} failed:\n{done.stderr.decode()}")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            _manage("runserver", f"127.0.0.1:{port}", "--noreload"),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_until_up(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def _logged_in_page(browser, url, **context_options):
    context = browser.new_context(base_url=url, **context_options)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', STUDENT[0])
    page.fill('input[name="password"]', STUDENT[1])
    page.click('main button[type="submit"]')
    expect(page.locator("details.user-menu")).to_be_visible()
    return page


def take(url):
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        desktop = _logged_in_page(browser, url, viewport=DESKTOP)
        desktop.goto("/")
        desktop.screenshot(path=DOCS / "screenshot-dashboard.png", full_page=True)

        phone = _logged_in_page(browser, url, viewport=PHONE, is_mobile=True, has_touch=True)
        phone.goto("/curriculum/")
        # The whole course is several screens long on a phone: show the screen around this week.
        this_week = phone.locator('li.tl-week[aria-current="date"]')
        this_week.evaluate("row => row.scrollIntoView({block: 'center'})")
        phone.screenshot(path=DOCS / "screenshot-timeline-phone.png")
        browser.close()
    for name in ("screenshot-dashboard.png", "screenshot-timeline-phone.png"):
        print(f"wrote docs/{name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running, seeded server (default: start a throwaway one)")
    args = parser.parse_args()
    if args.url:
        take(args.url.rstrip("/"))
        return
    with demo_server() as url:
        take(url)


if __name__ == "__main__":
    main()
