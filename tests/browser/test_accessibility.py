"""axe-core (tests/vendor/axe.min.js) over every page of the sweep (tests/a11y/pages.py), in Korean
and in English, in one Chromium: no violation of the WCAG 2.0/2.1/2.2 A and AA rules, and the page's
`lang` follows the language; the same again on a phone's screen (390 px, touch), where no page may
be wider than the screen. Then the keyboard: the skip link is the first stop and leads to the
main content, and focus is visible on links, buttons and fields.

Logging in goes through a session cookie made by Django's test client (force_login), not the form,
to keep the sweep fast; the login page itself is checked anonymously like the other public pages.
"""

import io
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from tests.a11y.pages import STAFF, STUDENT, URLCONF, demo_pages, set_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(URLCONF),
]

AXE = (Path(settings.BASE_DIR) / "tests" / "vendor" / "axe.min.js").read_text()
AXE_PATH = "/__tests__/axe.min.js"  # answered by the test itself, never by Baton
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LANGUAGES = ("ko", "en")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _context(browser, live_server, **options):
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, **options)
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


def _sweep(context, live_server, pages, check):
    """Opens each page in both languages, signed in as its persona, and returns the problems:
    a status, address or `<html lang>` other than expected, and whatever `check(tab, spec, label)`
    reports."""
    problems = []
    tab = context.new_page()
    for language in LANGUAGES:
        set_language(language)
        by_persona = {}
        for spec in pages:
            by_persona.setdefault(spec.persona, []).append(spec)
        for persona, specs in by_persona.items():
            _sign_in(context, live_server, language, persona)
            for spec in specs:
                response = tab.goto(spec.path)
                label = f"{language}: {spec.name} {spec.path}"
                if response.status != spec.status:
                    problems.append(f"{label}: status {response.status}, not {spec.status}")
                    continue
                if urlsplit(tab.url).path != (spec.lands_on or spec.path):
                    problems.append(f"{label}: landed on {tab.url}")
                    continue
                if tab.get_attribute("html", "lang") != language:
                    problems.append(f"{label}: <html lang> is not {language!r}")
                problems.extend(check(tab, spec, label))
    context.close()
    return problems


def test_every_page_passes_axe_in_both_languages(browser, live_server, demo):
    context = _context(browser, live_server)
    problems = _sweep(
        context, live_server, demo_pages(), lambda tab, spec, label: _readable(label, _axe(tab))
    )
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


def test_every_page_on_a_phone_passes_axe_and_does_not_scroll_sideways(browser, live_server, demo):
    """At a phone's width the page reflows (WCAG 1.4.10): nothing makes the page itself wider
    than the screen. A wide table may scroll inside its own wrapper (`.table-wrap`), which a
    keyboard must then reach (axe's scrollable-region-focusable)."""
    context = _context(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    known_seen = set()

    def check(tab, spec, label):
        violations = []
        for violation in _axe(tab):
            if (spec.name, violation["id"]) in KNOWN_ON_A_PHONE:
                known_seen.add((spec.name, violation["id"]))
            else:
                violations.append(violation)
        return [*_readable(label, violations), *_sideways(tab, label)]

    problems = _sweep(context, live_server, demo_pages(), check)
    problems.extend(
        f"{name}: {rule} is fixed, take it out of KNOWN_ON_A_PHONE"
        for name, rule in set(KNOWN_ON_A_PHONE) - known_seen
    )
    for key in sorted(known_seen):
        warnings.warn(f"Known on a phone, {key[0]}: {KNOWN_ON_A_PHONE[key]}", stacklevel=1)
    assert not problems, "Problems on a phone:\n" + "\n".join(problems)


# Problems of pages on a phone that are known and not yet fixed, each with the fix it needs. The
# test fails once a problem is gone, so an entry cannot outlive it.
KNOWN_ON_A_PHONE: dict = {}


def _sideways(tab, label):
    overflow = tab.evaluate(SIDEWAYS)
    if overflow is None:
        return []
    width, screen, culprits = overflow
    return [
        f"{label}: the page is {width} px wide on a {screen} px screen",
        *(f"      {culprit}" for culprit in culprits),
    ]


# The page's width against the screen's; when it is wider, the innermost elements that stick out
# on the right (an element inside a scrolling wrapper does not widen the page, and is left out).
# The screen is the root's clientWidth, not window.innerWidth: a phone (is_mobile) zooms out to
# fit a page that is too wide, and innerWidth then grows with the page.
SIDEWAYS = """() => {
    const screen = document.documentElement.clientWidth;
    const width = document.documentElement.scrollWidth;
    if (width <= screen + 1) return null;
    const scrolls = el => getComputedStyle(el).overflowX !== "visible";
    const insideScroller = el => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (scrolls(up)) return true;
        }
        return false;
    };
    // An element's box, or its content when that overflows the box (a word that cannot wrap).
    const right = el => el.getBoundingClientRect().left
        + (scrolls(el) ? el.offsetWidth : Math.max(el.offsetWidth, el.scrollWidth));
    const wide = [...document.body.querySelectorAll("*")].filter(
        el => right(el) > screen + 1 && !insideScroller(el));
    const innermost = wide.filter(el => !wide.some(inner => inner !== el && el.contains(inner)));
    const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + [...el.classList].map(name => "." + name).join("")
        + ` reaches ${Math.round(right(el))} px: `
        + el.textContent.trim().replace(/\\s+/g, " ").slice(0, 60);
    return [width, screen, innermost.slice(0, 5).map(describe)];
}"""


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


BREADCRUMB_PAGES = {
    "week",
    "quiz take",
    "quiz result",
    "quiz statistics",
    "brief",
    "handoff note",
    "radar",
    "student timeline",
    "lead sessions",
    "lead session",
}

# Each trail's label, its text, and the horizontal gaps between one item's text and the next.
BREADCRUMB = """() => {
    const nav = document.querySelector("main nav:has(> ul > li + li)");
    if (!nav) return null;
    const items = [...nav.querySelectorAll(":scope > ul > li")];
    // Where each item's text starts and ends (its words, not a link's padding).
    const edges = items.map(li => {
        const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
        const boxes = [];
        while (walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(walker.currentNode);
            boxes.push(...[...range.getClientRects()].filter(box => box.width > 0));
        }
        return [Math.min(...boxes.map(b => b.left)), Math.max(...boxes.map(b => b.right))];
    });
    const gaps = edges.slice(1).map((edge, i) => Math.round(edge[0] - edges[i][1]));
    // The separators: what the stylesheet draws before each item after the first, and the
    // space on either side of it; nothing drawn after an item.
    const separators = items.slice(1).map(li => {
        const mark = getComputedStyle(li, "::before");
        return [mark.content, mark.marginInlineStart, mark.marginInlineEnd].join(" ");
    });
    const after = items.map(li => getComputedStyle(li, "::after").content)
        .filter(content => content !== "none" && content !== "normal");
    return {label: nav.getAttribute("aria-label"), text: nav.innerText, gaps, separators, after};
}"""


def test_breadcrumbs_have_a_translated_label_and_even_separators(browser, live_server, demo):
    """Every trail of links above a page is labelled in the page's language and separated
    by the stylesheet, the same space on both sides of every separator."""
    from django.utils import translation

    pages = [spec for spec in demo_pages() if spec.name in BREADCRUMB_PAGES]
    assert {spec.name for spec in pages} == BREADCRUMB_PAGES
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = str(translation.gettext("Breadcrumb"))
    assert labels["ko"] != labels["en"], "the label has a Korean translation"

    def check(tab, spec, label):
        trail = tab.evaluate(BREADCRUMB)
        if trail is None:
            return [f"{label}: no breadcrumb"]
        language = tab.get_attribute("html", "lang")
        problems = []
        if trail["label"] != labels[language]:
            problems.append(f"{label}: labelled {trail['label']!r}, not {labels[language]!r}")
        if any(mark in trail["text"] for mark in "/>›»"):
            problems.append(f"{label}: a separator is text: {trail['text']!r}")
        if len(set(trail["gaps"])) != 1 or trail["gaps"][0] < 12:
            problems.append(f"{label}: uneven or cramped separators, gaps {trail['gaps']} px")
        separators = set(trail["separators"])
        content, before, after = next(iter(separators)).rsplit(" ", 2)
        if trail["after"] or len(separators) != 1 or content in ("none", "normal"):
            problems.append(f"{label}: separators {trail['separators']} and {trail['after']}")
        elif before != after:
            problems.append(f"{label}: {before} before a separator, {after} after it")
        return problems

    problems = _sweep(_context(browser, live_server), live_server, pages, check)
    assert not problems, "Breadcrumbs:\n" + "\n".join(problems)


def _refused_fields(tab, form):
    """Each field the server marked invalid in `form`, with the text of the elements its
    aria-describedby names."""
    return tab.locator(f"{form} [aria-invalid='true']").evaluate_all(
        """fields => fields.map(field => [field.name,
            (field.getAttribute("aria-describedby") || "").split(" ")
                .map(id => document.getElementById(id)?.innerText.trim() || "").join(" ")])"""
    )


def test_a_refused_fields_error_is_its_accessible_description(browser, live_server, demo):
    """A screen reader reads a field's error with the field: the board's booking form sent
    empty (a form laid out by hand), and a password change with a wrong current password (a
    form Django lays out)."""
    set_language("ko")
    context = _context(browser, live_server)
    competition = next(spec for spec in demo_pages() if spec.name == "schedule board")
    tab = context.new_page()
    checked = []
    wrong_password = {"#id_oldpassword": "not-my-password", "#id_password1": "relay-baton-2718"}
    wrong_password["#id_password2"] = wrong_password["#id_password1"]
    for persona, path, form, typed in (
        (STAFF, competition.path, "#booking-form", {}),
        (STUDENT, "/accounts/password/change/", "main form", wrong_password),
    ):
        _sign_in(context, live_server, "ko", persona)
        tab.goto(path)
        for field, text in typed.items():
            tab.fill(field, text)
        with tab.expect_navigation():
            tab.locator(f"{form} button[type='submit']").click()

        refused = _refused_fields(tab, form)
        assert refused, f"{path}: the form came back with no field marked invalid"
        for name, error in refused:
            assert error, f"{path}: {name} names no element with its error"
            expect(tab.locator(f"{form} [name='{name}']")).to_have_accessible_description(error)
        assert _readable(path, _axe(tab)) == []
        checked.append(path)
    context.close()
    assert checked == [competition.path, "/accounts/password/change/"]
