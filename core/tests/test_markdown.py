"""Mentor- and student-written Markdown becomes HTML through `render_markdown`, which must leave
nothing alive (no script, no event handler, no script URL) and keep ordinary Markdown."""

import html
import re
from html.parser import HTMLParser

import pytest

from core.markdown import render_markdown
from mentoring.models import BoardQuestion, Mission

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "details",
    "body",
    "noscript",
    "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(markup):
    parser = _Elements()
    parser.feed(str(markup))
    parser.close()
    return parser.elements


def scheme(url):
    """The scheme a browser would see: tabs, new lines and control characters are dropped."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url or "")).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


def assert_inert(markup):
    """No dangerous element, and no live attribute."""
    for tag, _attrs in elements(markup):
        assert tag not in DANGEROUS_TAGS, (tag, markup)
    assert_no_live_attributes(markup)


def assert_no_live_attributes(markup):
    """No event handler, no style, no URL with a scheme other than http(s) or mailto."""
    for tag, attrs in elements(markup):
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, markup)
            assert name != "style", (tag, markup)
            if name in URL_ATTRIBUTES:
                assert scheme(value) in SAFE_SCHEMES | {None}, (tag, name, value)


PAYLOADS = {
    "script tag": "<script>alert(1)</script>",
    "script split across tags": "<scr<script>ipt>alert(1)</script>",
    "nested script": "<<script>script>alert(1)<</script>/script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "body onload": "<body onload=alert(1)>",
    "div onmouseover": '<div onmouseover="alert(1)">hover</div>',
    "details ontoggle": "<details open ontoggle=alert(1)>",
    "a onclick": '<a href="https://example.com" onclick="steal()">c</a>',
    "markdown javascript link": "[click](javascript:alert(1))",
    "markdown javascript link in brackets": "[click](<javascript:alert(1)>)",
    "html javascript link in mixed case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "javascript link with an entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "javascript link with a tab entity": '<a href="java&#x09;script:alert(1)">x</a>',
    "javascript link with a colon entity": '<a href="javascript&colon;alert(1)">x</a>',
    "javascript link with a leading space": '<a href=" javascript:alert(1)">x</a>',
    "vbscript link": '<a href="vbscript:msgbox(1)">x</a>',
    "markdown data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "javascript image": "![i](javascript:alert(1))",
    "svg with script": "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "svg link": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math link": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "iframe": '<iframe src="https://evil.example.com"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="https://evil.example.com/x.swf">',
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style tag": "<style>body { display: none }</style>",
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base tag": '<base href="https://evil.example.com/">',
    "form": '<form action="https://evil.example.com"><input name="password"></form>',
    "noscript breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS)
def test_the_usual_xss_payloads_come_out_inert(payload):
    assert_inert(render_markdown(payload))


def test_the_inertness_check_itself_catches_live_html():
    """The check above would fail on the raw payloads (so the test can fail)."""
    for payload in PAYLOADS.values():
        if payload.startswith(("[", "!", "<scr<", "<<")):
            continue
        with pytest.raises(AssertionError):
            assert_inert(payload)


def test_a_script_in_inline_code_and_code_blocks_is_shown_as_text():
    out = str(render_markdown("Never `<script>` this:\n\n```\n<script>alert(1)</script>\n```"))

    assert "<code>&lt;script&gt;</code>" in out
    assert "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>" in out
    assert_inert(out)


def test_ordinary_markdown_survives():
    text = (
        "# Week 3\n\n"
        "Use **Adam** or *SGD*, `torch.optim`.\n\n"
        "- train\n- evaluate\n\n"
        "1. first\n2. second\n\n"
        "> Ensemble the logits.\n\n"
        '[wandb](https://wandb.ai "Weights & Biases") and <mailto:mentor@example.com>\n\n'
        "![curve](https://example.com/loss.png)\n\n"
        "```python\nmodel.fit(x)\n```\n\n"
        "| model | acc |\n|:--|--:|\n| ResNet | 0.91 |\n"
    )

    out = str(render_markdown(text))

    assert "<h1>Week 3</h1>" in out
    assert "<strong>Adam</strong>" in out
    assert "<em>SGD</em>" in out
    assert "<code>torch.optim</code>" in out
    assert "<ul>\n<li>train</li>\n<li>evaluate</li>\n</ul>" in out
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in out
    assert "<blockquote>" in out
    assert (
        '<a href="https://wandb.ai" title="Weights &amp; Biases" '
        'rel="noopener noreferrer nofollow">wandb</a>'
    ) in out
    assert 'href="mailto:mentor@example.com"' in out
    assert '<img alt="curve" src="https://example.com/loss.png">' in out
    assert '<pre><code class="language-python">model.fit(x)\n</code></pre>' in out
    assert '<th align="left">model</th>' in out
    assert '<td align="right">0.91</td>' in out
    assert_inert(out)


def test_a_tables_column_alignment_survives():
    out = str(render_markdown("| model | acc |\n|:--|--:|\n| ResNet | 0.91 |\n"))

    assert '<th align="left">model</th>' in out
    assert '<td align="right">0.91</td>' in out


def test_every_link_opens_without_handing_over_the_page():
    out = str(render_markdown("[a](https://example.com/a) <a href='https://example.com/b'>b</a>"))

    links = [attrs for tag, attrs in elements(out) if tag == "a"]
    assert [link["rel"] for link in links] == ["noopener noreferrer nofollow"] * 2


def test_an_empty_body_renders_nothing():
    assert str(render_markdown("")) == ""
    assert str(render_markdown(None)) == ""


# --- Through a real page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_alive_reaches_the_week_page(login, student, current_week):
    body = "\n\n".join(["**Do this**", *PAYLOADS.values()])
    Mission.objects.create(
        week=current_week,
        title="Mission <b>bold</b>",
        body=body,
        difficulty="easy",
        estimated_hours=2,
    )
    BoardQuestion.objects.create(
        week=current_week, author=student, title="<img src=x onerror=alert(1)>", body=body
    )

    response = login(student).get("/curriculum/ai-lab-2/weeks/3/")

    assert response.status_code == 200
    page = response.content.decode()
    rendered = re.findall(r'<div class="prose">(.*?)</div>', page, flags=re.DOTALL)
    assert len(rendered) == 2  # the mission's body and the question's body
    for markup in rendered:
        assert "<strong>Do this</strong>" in markup
        assert_inert(markup)
    assert "Mission &lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert_no_live_attributes(page)
    scripts = [attrs for tag, attrs in elements(page) if tag == "script"]
    assert scripts == [  # only the site's own files
        {"src": "/static/vendor/htmx/htmx.min.js", "defer": None},
        {"src": "/static/js/baton.js", "defer": None},
    ]
