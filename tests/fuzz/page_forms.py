"""The forms of a rendered page, read as a browser reads them, and hypothesis strategies that
post each of their fields near what the page offers: the page's own values (what a browser would
send, which should be accepted), then fields replaced, left out or sent twice, hidden ones
included. Nothing here names a form: whatever a page renders is what gets fuzzed."""

import dataclasses
import re
from html.parser import HTMLParser

from hypothesis import strategies as st

from tests.fuzz.strategies import (
    CHECKBOX,
    DATES,
    DATETIMES,
    EMAILS,
    ISO_MOMENTS,
    NUMBERISH,
    TEXT,
    TIMES,
    URLS,
)

SKIPPED_NAMES = {"csrfmiddlewaretoken"}
INPUT_TYPES_SENT = {
    "text",
    "hidden",
    "number",
    "email",
    "url",
    "date",
    "time",
    "datetime-local",
    "password",
    "search",
    "tel",
}


@dataclasses.dataclass
class Field:
    name: str
    tag: str  # input, select, textarea
    type: str = ""
    classes: str = ""
    values: list = dataclasses.field(default_factory=list)  # what the page sends as it is
    options: list = dataclasses.field(default_factory=list)  # a select's option values

    @property
    def autocomplete(self):
        return "admin-autocomplete" in self.classes


@dataclasses.dataclass
class Form:
    action: str
    method: str
    id: str
    fields: dict = dataclasses.field(default_factory=dict)

    def body(self):
        """What a browser sends when the form is submitted as the page shows it."""
        return {
            name: field.values if len(field.values) > 1 else field.values[0]
            for name, field in self.fields.items()
            if field.values
        }


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea, self.option = [], None, None, None, None
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "main":
            self.in_main = True
        elif tag == "form":
            self.form = Form(
                action=attrs.get("action", ""),
                method=attrs.get("method", "get").lower(),
                id=attrs.get("id", ""),
            )
            self.form.in_main = self.in_main
            self.forms.append(self.form)
        elif self.form is not None:
            self._field_tag(tag, attrs)

    def _field_tag(self, tag, attrs):
        name = attrs.get("name", "")
        if tag == "option" and self.select is not None:
            self.option = attrs.get("value")
            self.select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select.values.append(attrs.get("value", ""))
        if not name or name in SKIPPED_NAMES or "__prefix__" in name or "disabled" in attrs:
            return
        field = self.form.fields.setdefault(
            name, Field(name, tag, attrs.get("type", "text").lower(), attrs.get("class", ""))
        )
        if tag == "input":
            if field.type in ("checkbox", "radio"):
                if "checked" in attrs:
                    field.values.append(attrs.get("value", "on"))
            elif field.type in INPUT_TYPES_SENT:
                field.values.append(attrs.get("value", ""))
            else:  # buttons, files: not sent
                del self.form.fields[name]
        elif tag == "select":
            field.type = "select-multiple" if "multiple" in attrs else "select"
            self.select = field
        elif tag == "textarea":
            self.textarea = field
            field.values.append("")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values[-1] += data

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if not self.select.values and self.select.options and self.select.type == "select":
                self.select.values.append(self.select.options[0])  # a browser sends the first
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.values[-1].startswith("\n"):
                self.textarea.values[-1] = self.textarea.values[-1][1:]
            self.textarea = None


def page_forms(html, *, method="post", in_main=True):
    """The forms of `html` that post (by default those inside <main>: not the header's)."""
    parser = _FormParser()
    parser.feed(html)
    return [
        form
        for form in parser.forms
        if form.method == method and (form.in_main or not in_main) and form.fields
    ]


# --- What to post in each field -----------------------------------------------------------------

MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")


def field_values(field, ids):
    """A strategy of values for `field`, by what it is (its tag, type and class): the page's own
    values, rows that exist (`ids`, any table's), and values of the wrong kind or size."""
    own = st.sampled_from(field.values or [""])
    rows = st.sampled_from(ids).map(str)
    kinds = f"{field.type} {field.classes}"
    if field.type.startswith("select"):
        choices = st.sampled_from(field.options) if field.options else own
        return st.one_of(choices, choices, rows, NUMBERISH)
    if field.type in ("checkbox", "radio"):
        return st.one_of(st.sampled_from([*field.values, "on", ""]), CHECKBOX)
    if MANAGEMENT.search(field.name):
        # Small counts and garbage: a count in the thousands only renders that many empty forms
        # (Django caps it), which is slow to fuzz and not wrong.
        return st.one_of(st.sampled_from(["0", "1", "2", "3", "-1", "1.5", "٣", ""]), TEXT)
    if "vDateField" in kinds or field.type == "date":
        return DATES
    if "vTimeField" in kinds or field.type == "time":
        return TIMES
    if field.type == "datetime-local":
        return DATETIMES
    if field.type == "number" or "IntegerField" in kinds or "vForeignKeyRawIdAdminField" in kinds:
        return st.one_of(rows, NUMBERISH)
    if field.type == "url" or "vURLField" in kinds:
        return URLS
    if field.type == "email":
        return EMAILS
    if field.type == "hidden":
        return st.one_of(own.flatmap(lambda value: structured(value, ids)), rows, TEXT)
    return TEXT


def structured(value, ids):
    """`value` with one of its parts changed: a hidden field often carries several values
    joined ("team|mentor|start|end"); each part is fuzzed as what it looks like."""
    parts = value.split("|")

    def part_values(part):
        if part.lstrip("-").isdigit():
            return st.one_of(st.sampled_from(ids).map(str), NUMBERISH)
        if re.match(r"\d{4}-\d\d-\d\d", part):
            return ISO_MOMENTS
        return TEXT

    def replace(index):
        return part_values(parts[index]).map(
            lambda new: "|".join([*parts[:index], new, *parts[index + 1 :]])
        )

    return st.one_of(
        st.just(value),
        st.integers(0, len(parts) - 1).flatmap(replace),
        st.integers(0, len(parts) - 1).map(lambda n: "|".join(parts[:n])),  # parts cut off
        st.just(value + "|" + value),
    )


def near_page(form, ids, *, extra=None):
    """A strategy of bodies for `form`: the page's own body with up to three fields replaced
    (or, for fields sent several times, one of their values), up to two left out, or a field
    sent twice. `extra`: fields to add to every body (the admin's "save and continue")."""
    names = sorted(form.fields)
    base = form.body() | (extra or {})
    values = {name: field_values(form.fields[name], ids) for name in names}

    def one_change(name):
        field = form.fields[name]
        if len(field.values) > 1:  # a list: change one of its values
            return st.tuples(st.integers(0, len(field.values) - 1), values[name]).map(
                lambda pair: (
                    name,
                    [*field.values[: pair[0]], pair[1], *field.values[pair[0] + 1 :]],
                )
            )
        return st.one_of(
            values[name].map(lambda value: (name, value)),
            st.lists(values[name], min_size=2, max_size=3).map(lambda many: (name, many)),
        )

    changes = st.lists(st.sampled_from(names).flatmap(one_change), max_size=3)
    dropped = st.one_of(st.just([]), st.lists(st.sampled_from(names), max_size=2))

    def apply(drawn):
        changed, left_out = drawn
        body = {key: value for key, value in base.items() if key not in left_out}
        return body | dict(changed)

    return st.tuples(changes, dropped).map(apply)
