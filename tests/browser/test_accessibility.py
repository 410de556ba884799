"""axe-core (tests/vendor/axe.min.js) over every page of the sweep (tests/a11y/pages.py), in Korean
and in English, in one Chromium: no violation of the WCAG 2.0/2.1/2.2 A and AA rules, and the page's
`lang` follows the language. Then the keyboard: the skip link is the first stop and leads to the
main content, and focus is visible on links, buttons and fields.

Logging in goes through a session cookie made by Django's test client (force_login), not the form,
to keep the sweep fast; the login page itself is checked anonymously like the other public pages.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.a11y.pages import STUDENT, URLCONF, demo_pages, set_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(URLCONF),
]

AXE = (Path(settings.BASE_DIR) / "tests" / "vendor" / "axe.min.js").read_text()
AXE_PATH = "/__tests__/axe.min.js"  # answered by the test itself, never by Baton
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    # axe from a URL rather than inline, in one context for the whole sweep: Chromium then
    # caches its compiled code across pages.
    context.route(
        f"{live_server.url}{AXE_PATH}",
        lambda route: route.fulfill(
            body=AXE, content_type="text/javascript", headers={"Cache-Control": "max-age=3600"}
        ),
    )
    return context


def _sign_in(context, live_server, language, persona):
    """The context's cookies become `persona`'s session (None: anonymous) in `language`."""
    context.clear_cookies()
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if persona:
        from accounts.models import User

        client = Client()
        client.force_login(User.objects.get(email=persona))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)


def _axe(page):
    page.add_script_tag(url=AXE_PATH)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + "\\n        " + n.failureSummary
                    .replace(/\\n/g, " "))
            }));
        }""",
        WCAG_TAGS,
    )


def _readable(label, violations):
    lines = []
    for violation in violations:
        lines.append(f"{label}: [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"      {node}" for node in violation["nodes"][:5])
        if len(violation["nodes"]) > 5:
            lines.append(f"      ... and {len(violation['nodes']) - 5} more")
    return lines


def test_every_page_passes_axe_in_both_languages(browser, live_server, demo):
    pages = demo_pages()
    problems = []
    context = _context(browser, live_server)
    page = context.new_page()
    for language in ("ko", "en"):
        set_language(language)
        by_persona = {}
        for page_spec in pages:
            by_persona.setdefault(page_spec.persona, []).append(page_spec)
        for persona, specs in by_persona.items():
            _sign_in(context, live_server, language, persona)
            for spec in specs:
                response = page.goto(spec.path)
                label = f"{language}: {spec.name} {spec.path}"
                if response.status != spec.status:
                    problems.append(f"{label}: status {response.status}, not {spec.status}")
                    continue
                if page.get_attribute("html", "lang") != language:
                    problems.append(f"{label}: <html lang> is not {language!r}")
                problems.extend(_readable(label, _axe(page)))
    context.close()
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


def test_skip_link_first_focus_visible_and_targets_24px(browser, live_server, demo):
    set_language("en")
    context = _context(browser, live_server)
    _sign_in(context, live_server, "en", STUDENT)
    page = context.new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main"
    assert skip.is_visible()  # hidden until focused, then on screen
    assert _has_focus_ring(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Every button and field is a target of at least 24 x 24 px.
    for path in (
        "/",
        next(spec.path for spec in demo_pages() if spec.name == "week"),
        "/notifications/preferences/",
    ):
        page.goto(path)
        small = page.evaluate(SMALL_TARGETS)
        assert not small, f"{path}: targets under 24 px: {small}"
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # Every link, button and field shows where the focus is.
    for _ in range(12):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        assert tag != "BODY", "focus left the page's controls"
        assert _has_focus_ring(page), page.evaluate("document.activeElement.outerHTML")
    context.close()


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, [role="button"], summary, select, input:not([type="hidden"]), textarea')]
    .filter(el => el.offsetParent !== null)
    .filter(el => { const box = el.getBoundingClientRect();
                    return box.width < 24 || box.height < 24; })
    .map(el => el.outerHTML.slice(0, 120))"""


def _has_focus_ring(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
            const ring = style.boxShadow && style.boxShadow !== "none";
            return outline || ring;
        }"""
    )
