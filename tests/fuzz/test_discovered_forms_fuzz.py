"""Every form nobody listed by hand, fuzzed: the admin's add and change form of every registered
model, as each persona that reaches it, and every form of the staff's scheduling pages (the
schedule board, the suggested schedule) and of the admin's own extra pages, hidden fields
included.

The forms are discovered, not declared: the models from `admin.site._registry`, who reaches each
form from the ModelAdmin's own permission checks, and the fields from the rendered page (what a
browser would post, then fields replaced, left out or sent twice). A model, admin page or form
added later is fuzzed without anyone remembering to.

What holds for every input:
- the answer is never a server error;
- an input that is refused writes nothing (the row count of every table, and the row being
  changed, are the same afterwards) and answers with a message (a form error, or an error
  message on the page it leads to);
- an input that is accepted writes what was asked: the admin's own form cleans the posted body
  to what the saved row holds; a page's form says so with a message.

Each example runs in a savepoint that is rolled back, so every input meets the same world
(tests/authz_world.py, built once per module).
"""

import contextlib
import dataclasses
import os
import re

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from hypothesis import Phase, event, given, note, settings
from hypothesis import strategies as st

from accounts.models import User
from tests.authz_world import build_world
from tests.fuzz.page_forms import near_page, page_forms
from tests.fuzz.strategies import FUZZ
from tests.helpers import TODAY

# The people who reach the admin: the world's personas with an admin role, and a superuser.
ADMIN_PERSONAS = ("mentor", "mentor2", "lead", "compmentor", "staff", "root")
PERSONAS = ("student", "outsider", *ADMIN_PERSONAS)
REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)
# Registered models nobody adds or changes by hand (the admin shows them read-only), and why.
READ_ONLY = {
    "mentoring.quizattempt": "a student's attempt is taken on the site and kept as it was",
    "mentoring.missionprogress": "a student sets their own mission status on the site",
    "notifications.fanout": "a fan-out's progress is written by the sender as it runs",
    "notifications.delivery": "a delivery is written by the outbox; staff read it",
}
# Each example posts one body to every form of the test (every persona, add and change). No
# shrinking: an example is many requests, and the failing one is printed as it was drawn.
# CI posts the same inputs on every run. By hand, BATON_FUZZ_EXAMPLES=200 explores further,
# with new random inputs each run (a failure prints the bodies it posted).
EXAMPLES = os.environ.get("BATON_FUZZ_EXAMPLES")
FUZZ_FORMS = settings(
    FUZZ,
    max_examples=int(EXAMPLES or 6),
    derandomize=EXAMPLES is None,
    phases=[Phase.explicit, Phase.generate],
)

ERROR_MESSAGE = re.compile(
    r'class="(errornote|errorlist|error|message message-error)[" ]|<li class="error"'
)
SUCCESS_MESSAGE = re.compile(r'class="(message message-success|success)"')


# --- The world ----------------------------------------------------------------------------------


def _more_rows(world):
    """A row of the registered models the authorization world has none of, so that their
    change forms are fuzzed too, and a mentor free all competition long, so that the
    suggested schedule has slots to accept."""
    from django_celery_beat.models import ClockedSchedule, SolarSchedule

    from competitions.models import AvailabilityWindow, Competition
    from mentoring.models import Tag

    Tag.objects.create(name="CV")
    ClockedSchedule.objects.create(clocked_time=TODAY)
    SolarSchedule.objects.create(event="sunrise", latitude=37.5665, longitude=126.978)
    competition = Competition.objects.get(pk=world["ids"]["competition"])
    AvailabilityWindow.objects.create(
        competition=competition,
        mentor=world["users"]["compmentor"],
        starts_at=competition.starts_at,
        ends_at=competition.deadline_at,
    )


class World(dict):
    def __repr__(self):  # a failing example prints its arguments: not the whole world
        return "<the authorization world>"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        time_machine.travel(TODAY, tick=True),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = World(build_world())
            _more_rows(built)
            built["users"]["root"] = User.objects.get(pk=built["ids"]["superuser"])
            built["row_ids"] = _row_ids()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _on_the_worlds_day():
    with time_machine.travel(TODAY, tick=True):
        yield


def _row_ids():
    """Ids of rows that exist, in any table: what a forged choice names."""
    found = set()
    for model in apps.get_models():
        found.update(model._default_manager.values_list("pk", flat=True)[:20])
    return sorted(pk for pk in found if isinstance(pk, int))


def _tables():
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - {"django_session"}
    )


def table_counts():
    """The row count of every table of the project, in one statement."""
    quote = connection.ops.quote_name
    tables = _tables()
    # The models' own table names, quoted: nothing from outside.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@contextlib.contextmanager
def rolled_back():
    """Whatever happens inside is undone: every example meets the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- The admin's add and change forms -----------------------------------------------------------


@dataclasses.dataclass(repr=False)
class AdminForm:
    persona: str
    user: User
    model_admin: admin.ModelAdmin
    url: str
    obj: object  # the row a change form changes; None for an add form
    bodies: st.SearchStrategy

    @property
    def model(self):
        return self.model_admin.model

    def __repr__(self):
        return f"<{self.persona} {self.url}>"


def _changeable(model_admin, user):
    """The first row `user` may change in this admin, or None."""
    request = _request(user)
    if not model_admin.has_change_permission(request):
        return None
    for obj in model_admin.get_queryset(request).order_by("pk")[:10]:
        if model_admin.has_change_permission(request, obj):
            return obj
    return None


def _admin_url(model, kind, obj=None):
    opts = model._meta
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{kind}", args=args)


def _the_form(html, model):
    forms = [form for form in page_forms(html) if form.id == f"{model._meta.model_name}_form"]
    assert len(forms) == 1, [form.id for form in page_forms(html)]
    return forms[0]


def reach(world, model):
    """[(persona, row or None)]: each add form (None) and change form (the first row the
    persona may change) of `model`'s admin that a persona reaches."""
    model_admin = admin.site._registry[model]
    found = []
    for persona in ADMIN_PERSONAS:
        user = world["users"][persona]
        obj = _changeable(model_admin, user)
        if obj is not None and _has_fields(model_admin, user, obj):
            found.append((persona, obj))
        if model_admin.has_add_permission(_request(user)):
            found.append((persona, None))
    return found


def _has_fields(model_admin, user, obj):
    """Whether the change form has a field to post, its own or an inline's (every field
    read-only: nothing to fuzz)."""
    request = _request(user)
    form = model_admin.get_form(request, obj, change=True)
    return bool(form.base_fields) or bool(model_admin.get_inline_instances(request, obj))


def admin_forms(world, model):
    """Every add and change form of `model`'s admin that a persona reaches, with the bodies to
    post: near what the page shows (a change form as it is; an add form filled in as a copy of
    the row the persona may change, where there is one)."""
    model_admin = admin.site._registry[model]
    found, shown = [], {}
    for persona, obj in reach(world, model):
        user = world["users"][persona]
        url = _admin_url(model, "change" if obj is not None else "add", obj)
        form = _the_form(_get(_client(user), url), model)
        if obj is not None:
            shown[persona] = form
        elif persona in shown:  # a copy of the row: the main form's fields, not the inlines'
            for name, field in shown[persona].fields.items():
                if name in form.fields and "-" not in name:
                    form.fields[name].values = field.values
        bodies = near_page(form, world["row_ids"], extra={"_continue": "1"})
        found.append(AdminForm(persona, user, model_admin, url, obj, bodies))
    return found


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _row(model, pk):
    return list(model._default_manager.filter(pk=pk).values())


def post_to_admin(form, client, body):
    before = table_counts()
    row = _row(form.model, form.obj.pk) if form.obj is not None else None
    response = client.post(form.url, body)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        # Refused: a message, and nothing written.
        assert ERROR_MESSAGE.search(response.content.decode()), "refused without a message"
        assert table_counts() == before, "a refused form wrote rows"
        if row is not None:
            assert _row(form.model, form.obj.pk) == row, "a refused form changed the row"
        return "refused"
    saved = _saved(form, before)
    _assert_saved_as_posted(form, saved, body)
    assert client.get(response["Location"]).status_code < 500
    return "accepted"


def _saved(form, before):
    table = form.model._meta.db_table
    after = table_counts()
    if form.obj is None:
        assert after[table] == before[table] + 1, "an accepted add form stored no row"
        return form.model._default_manager.order_by("-pk").first()
    assert after[table] == before[table], "an accepted change form added or removed rows"
    return form.model._default_manager.get(pk=form.obj.pk)


# Fields a model stores normalised on purpose: (model, field) -> what the posted value becomes.
NORMALISED = {
    ("accounts.user", "email"): str.lower,  # a login matches whatever case is typed
    ("account.emailaddress", "email"): str.lower,
}


def _assert_saved_as_posted(form, saved, body):
    """The admin's own form, bound to the posted body, cleans each field of the model to what
    the saved row holds: what was stored is what was asked. (A field left out of the body
    takes its default.)"""
    request = _request(form.user)
    form_class = form.model_admin.get_form(request, form.obj, change=form.obj is not None)
    data = QueryDict(mutable=True)
    for key, value in body.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    bound = form_class(data=data, instance=saved)
    posted = {
        name: field
        for name, field in bound.fields.items()
        if _model_field(form.model, name) is not None
        and not field.widget.value_omitted_from_data(data, {}, bound.add_prefix(name))
    }
    stored = {
        name: _plain(_model_field(form.model, name).value_from_object(saved)) for name in posted
    }
    assert bound.is_valid(), bound.errors  # the admin stored it: its own form still takes it
    label = form.model._meta.label_lower
    asked = {
        name: NORMALISED.get((label, name), lambda value: value)(_plain(bound.cleaned_data[name]))
        for name in posted
    }
    differs = {name: (asked[name], stored[name]) for name in posted if asked[name] != stored[name]}
    assert not differs, differs


def _plain(value):
    """A field's value as the database holds it: rows as their ids, many rows as a set."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set):
        return {_plain(item) for item in value}
    return value


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


@pytest.fixture
def admin_targets(world, label):
    return admin_forms(world, apps.get_model(label))


@pytest.mark.parametrize("label", [label for label in REGISTERED if label not in READ_ONLY])
@FUZZ_FORMS
@given(data=st.data())
def test_every_admin_form(world, db, label, admin_targets, data):
    clients = {form.persona: _client(form.user) for form in admin_targets}
    for form in admin_targets:
        kind = "change" if form.obj is not None else "add"
        body = data.draw(form.bodies, label=f"{form.persona} {kind}")
        note(f"{form.persona} {kind} {form.url}: {body}")
        with rolled_back():
            event(f"{form.persona} {kind}: {post_to_admin(form, clients[form.persona], body)}")


def test_every_registered_model_has_its_forms_fuzzed(world, db):
    """Every model of the admin has an add or change form someone reaches, and rows for its
    change form; the others are declared read-only, with a reason."""
    for label in REGISTERED:
        model = apps.get_model(label)
        forms = reach(world, model)
        if label in READ_ONLY:
            assert not forms, f"{label} is declared read-only but has forms"
            continue
        assert forms, f"no persona reaches an add or change form of {label}"
        assert model._default_manager.exists(), f"the world has no {label} to change"


# --- The forms of the staff's pages ----------------------------------------------------------


@dataclasses.dataclass(repr=False)
class PageForm:
    persona: str
    page: str
    action: str
    bodies: st.SearchStrategy

    def __repr__(self):
        return f"<{self.persona} {self.action}>"


def _admin_extra_pages():
    """The admin's own pages beyond add and change (e.g. "invite several people"): every
    parameterless URL a ModelAdmin adds."""
    standard = ("_changelist", "_add", "_history", "_delete", "_change")
    pages = []
    for model_admin in admin.site._registry.values():
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name and not name.endswith(standard) and not pattern.pattern.converters:
                pages.append(reverse(f"admin:{name}"))
    return pages


def scheduling_pages(world):
    competition = world["ids"]["competition"]
    board = f"/competitions/{competition}/board/"
    return [board, board + "suggest/", *_admin_extra_pages()]


def forms_of_pages(world):
    """Every form inside <main> of the pages, for each persona the page opens for."""
    found = []
    for page in scheduling_pages(world):
        for persona in PERSONAS:
            response = _client(world["users"][persona]).get(page)
            if response.status_code != 200:
                continue
            forms = page_forms(response.content.decode())
            assert forms, f"{page} shows {persona} no form to fuzz"
            for form in forms:
                bodies = near_page(form, world["row_ids"])
                found.append(PageForm(persona, page, form.action or page, bodies))
    return found


def post_to_page(form, client, body):
    before = table_counts()
    response = client.post(form.action, body)
    assert response.status_code in (200, 302, 400), response.status_code
    written = table_counts() != before
    shown = response.content.decode()
    if response.status_code == 302:
        followed = client.get(response["Location"])
        assert followed.status_code == 200, followed.status_code
        shown = followed.content.decode()
    if written:
        assert response.status_code == 302, "rows written, and the form shown again"
        assert SUCCESS_MESSAGE.search(shown), "accepted without saying so"
        return "accepted"
    assert ERROR_MESSAGE.search(shown), "refused without a message"
    return "refused"


@pytest.fixture
def page_targets(world):
    return forms_of_pages(world)


@FUZZ_FORMS
@given(data=st.data())
def test_every_form_of_the_scheduling_pages(world, db, page_targets, data):
    clients = {}
    for form in page_targets:
        body = data.draw(form.bodies, label=f"{form.persona} {form.action}")
        note(f"{form.persona} {form.action}: {body}")
        client = clients.setdefault(form.persona, _client(world["users"][form.persona]))
        with rolled_back():
            event(f"{form.persona} {form.action}: {post_to_page(form, client, body)}")


def test_the_pages_forms_are_found(world, db):
    """The suggestion has slots to accept (hidden fields), and staff reach every page."""
    targets = forms_of_pages(world)
    pages = {target.page for target in targets}
    assert pages == set(scheduling_pages(world))
    suggest = [target for target in targets if target.page.endswith("/suggest/")]
    assert {target.persona for target in suggest} == {"staff", "root"}


# --- Every field of a kind, in every admin form -------------------------------------------------
# Found by the fuzzing above, and checked here for every field of the kind, however few examples
# the fuzzing runs.


def _admin_form_classes(request):
    """(where, form class) for every registered admin's form and its inlines' forms."""
    for model_admin in admin.site._registry.values():
        yield model_admin, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline, inline.get_formset(request).form


def test_every_autocomplete_field_shows_an_error_for_a_value_that_is_not_an_id(world, db):
    """The form is shown again with "Select a valid choice", not a server error."""
    request = _request(world["users"]["root"])
    checked = 0
    for where, form_class in _admin_form_classes(request):
        names = where.get_autocomplete_fields(request)
        form = form_class(data=dict.fromkeys(names, "abc"))
        for name in names:
            assert form.has_error(name), (where, name, form.errors)
            assert 'class="admin-autocomplete' in str(form[name]), (where, name)
            checked += 1
    assert checked >= 10


def _date_data(name, field, day):
    if isinstance(field, forms.SplitDateTimeField):
        return {f"{name}_0": day, f"{name}_1": "09:00:00"}
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return {name: day}
    return None


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_every_admin_date_refuses_the_far_ends_of_the_calendar(world, db, day):
    """Stored, year 1 east of UTC is a moment before year 1 that cannot be read back, and
    9999-12-31 overflows in the booking rules and west of UTC: both are refused."""
    request = _request(world["users"]["root"])
    checked = 0
    for where, form_class in _admin_form_classes(request):
        for name, field in form_class.base_fields.items():
            data = _date_data(name, field, day)
            if data is not None:
                assert form_class(data=data).has_error(name), (where, name)
                checked += 1
    assert checked >= 15
