"""The one way user- and mentor-written Markdown becomes HTML.

Python-Markdown passes raw HTML through, so every rendering is cleaned by nh3 (a whitelist
sanitizer): scripts, event handlers, `javascript:`/`data:` links and SVG come out inert.
"""

import functools

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
# Column alignment as an attribute: nh3 strips style attributes.
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


def render_markdown(text: str) -> SafeString:
    return mark_safe(_clean_html(text or ""))  # noqa: S308 - cleaned by nh3 in _clean_html


@functools.lru_cache(maxsize=4096)
def _clean_html(text: str) -> str:
    """Rendering is a pure function of the text, and the same mission or answer is shown on
    every page view: render each text once per process."""
    html = markdown_lib.markdown(
        text,
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned
