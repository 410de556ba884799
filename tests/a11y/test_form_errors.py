"""A form's error is its field's description: every form of every page of the sweep
(tests/a11y/pages.py), sent back with input it must refuse, answers with a page where each field
marked invalid names, in `aria-describedby`, elements of that page that hold the message, and no
`aria-describedby` anywhere names an element that is not there.

The forms are found on the pages, not listed here, so a form added to Baton is walked too. Each
field gets a NUL character, which every form field refuses (text, number, date, choice), and the
first named button is pressed; forms with no field to fill (a bare button) are left alone.
"""

from html.parser import HTMLParser

import pytest

from accounts.models import User

from .pages import URLCONF, demo_pages

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

REFUSED = "\x00"
NOT_FIELDS = {"hidden", "submit", "button", "image", "reset"}
# Forms whose refusal must show up as field errors: the walk is worth nothing if it misses them.
MUST_SHOW_FIELD_ERRORS = {
    "login",
    "preferences",
    "notification preferences",
    "password change",
    "schedule board",
    "handoff note",
    "lead sessions",
    "session (mentor)",
    "tips",
}


class Document(HTMLParser):
    """What the test reads from a page: its ids and the text inside them, its forms, and its
    fields that carry aria-describedby or aria-invalid (with the fieldset around them)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.texts = {}  # id -> text inside
        self.forms = []
        self.described = []  # (tag, name, ids)
        self.invalid = []  # (name, ids of its description, its own or its fieldset's)
        self._open = []  # (tag, attrs) of the elements not yet closed
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.texts[attrs["id"]] = ""
        if "aria-describedby" in attrs:
            self.described.append((tag, attrs.get("name"), attrs["aria-describedby"].split()))
        if attrs.get("aria-invalid") == "true":
            self.invalid.append((attrs.get("name"), self._description(attrs)))
        self._form_part(tag, attrs)
        if tag not in self.VOID:
            self._open.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for _, attrs in self._open:
            if "id" in attrs:
                self.texts[attrs["id"]] += data

    def _description(self, attrs):
        if "aria-describedby" in attrs:
            return attrs["aria-describedby"].split()
        for tag, outer in reversed(self._open):
            if tag == "fieldset" or outer.get("role") in ("group", "radiogroup"):
                return outer.get("aria-describedby", "").split()
        return []

    def _form_part(self, tag, attrs):
        if tag == "form":
            method = attrs.get("method", "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action"), "fields": []})
            return
        if not self.forms or not any(open_tag == "form" for open_tag, _ in self._open):
            return
        form = self.forms[-1]
        if tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
            if tag in ("select", "textarea"):
                kind = tag
            form["fields"].append((attrs["name"], kind, attrs.get("value", "")))


def _refused_input(form):
    """The form's data with every field refused and its first named button pressed; None
    when it has no field to fill."""
    fields = form["fields"]
    if all(kind in NOT_FIELDS for _, kind, _ in fields):
        return None
    data = {}
    buttons = [(name, value) for name, kind, value in fields if kind == "submit"]
    for name, kind, value in fields:
        if kind == "hidden":
            data.setdefault(name, value)
        elif kind not in NOT_FIELDS:
            data[name] = REFUSED
    if buttons:
        data.setdefault(*buttons[0])
    return data


def _problems(label, document):
    problems = []
    for tag, name, ids in document.described:
        missing = [id_ for id_ in ids if id_ not in document.texts]
        if missing:
            problems.append(f"{label}: <{tag} name={name!r}> is described by missing {missing}")
    for name, ids in document.invalid:
        if not any(document.texts.get(id_, "").strip() for id_ in ids):
            problems.append(f"{label}: invalid field {name!r} has no description with its error")
    return problems


def test_every_forms_errors_are_the_descriptions_of_their_fields(client, demo):
    problems, shown = [], set()
    for page in demo_pages():
        if page.status != 200:
            continue
        client.logout()
        if page.persona:
            client.force_login(User.objects.get(email=page.persona))
        response = client.get(page.path, follow=True)
        path = response.request["PATH_INFO"]
        document = Document(response.content.decode())
        problems += _problems(f"{page.name} {path}", document)
        for number, form in enumerate(document.forms):
            data = _refused_input(form)
            if data is None:
                continue
            send = client.post if form["method"] == "post" else client.get
            answer = send(form["action"] or path, data, follow=True)
            label = f"{page.name} {path}, form {number} to {form['action'] or path}"
            assert answer.status_code < 500, label
            answered = Document(answer.content.decode())
            problems += _problems(label, answered)
            if answered.invalid:
                shown.add(page.name)
    assert not problems, "Errors not tied to their fields:\n" + "\n".join(problems)
    assert shown >= MUST_SHOW_FIELD_ERRORS, MUST_SHOW_FIELD_ERRORS - shown
