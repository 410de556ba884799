"""What the fuzz tests post: hypothesis strategies for every kind of form field, and the
settings they run with. Shared by the hand-written form tests (test_forms_fuzz.py) and the
discovered ones (test_discovered_forms_fuzz.py)."""

import datetime

from django.db.models import Model
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # CI: the same inputs on every run, so a failure is reproducible
    database=None,
)

# Text of every kind: unicode (Korean, RTL, combining marks, emoji), control characters, NULs.
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.sampled_from(["", " ", "\x00", "한국어 질문", "<script>alert(1)</script>", "💥" * 5]),
    st.integers(min_value=1, max_value=12000).map(lambda n: "가" * n),  # very long
)
# What a number field might receive: numbers of every size, signs, unicode digits, garbage.
NUMBERISH = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1e3",
            "1.5",
            "NaN",
            "inf",
            "-inf",
            "²",
            "³",
            "٣",
            "١٢",
            "１２",
            "0x10",
            " 7 ",
            "",
            "abc",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    TEXT,
)
# The far ends of the calendar, in the shapes forms take them.
EXTREME_DATETIMES = [
    "9999-12-31T23:59",
    "9999-12-31 23:59:59",
    "0001-01-01T00:00",
    "2025-02-30T10:00",
    "2025-03-14T25:00",
    "2025-03-14T10:00+14:00",
    "2025-03-14T10:00Z",
    "yesterday",
    "",
]
# Dates and times in odd formats and ranges.
DATETIMES = st.one_of(
    st.datetimes(
        min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31, 23, 59)
    ).flatmap(
        lambda moment: st.sampled_from(
            [
                moment.strftime("%Y-%m-%dT%H:%M"),
                moment.strftime("%Y-%m-%d %H:%M"),
                moment.isoformat(),
                moment.strftime("%d/%m/%Y %H:%M"),
                moment.strftime("%Y-%m-%d"),
            ]
        )
    ),
    st.sampled_from(EXTREME_DATETIMES),
    TEXT,
)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["9999-12-31", "0001-01-01", "2025-02-30", "2025-13-01", ""]),
    TEXT,
)
TIMES = st.one_of(
    st.times().map(lambda moment: moment.strftime("%H:%M:%S")),
    st.sampled_from(["00:00", "23:59:59", "24:00", "12:60", "9:5", "25:00:00", ""]),
    TEXT,
)
# ISO 8601 moments with an offset, as a hidden field carries them: every year, every offset.
OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
ISO_MOMENTS = st.one_of(
    st.datetimes(timezones=OFFSETS).map(lambda moment: moment.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat()),  # naive
    st.sampled_from(
        [
            "9999-12-31T23:30:00+00:00",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+14:00",
            "0001-01-01T00:00:00+23:59",
            "2025-02-30T10:00:00+09:00",
            "2025-03-14T10:00:00+25:00",
        ]
    ),
    DATETIMES,
)
URLS = st.one_of(
    st.sampled_from(
        [
            "https://meet.example/abc",
            "javascript:alert(1)",
            "http://localhost/",
            "ftp://example.com/x",
            "https://例え.jp/パス",
            "meet.example/abc",
        ]
    ),
    st.integers(min_value=150, max_value=3000).map(lambda n: "https://e.example/" + "a" * n),
    TEXT,
)
EMAILS = st.one_of(
    st.sampled_from(["new@example.com", "student@example.com", "a@b", "@", "x" * 300 + "@e.com"]),
    st.emails().map(str),
    TEXT,
)
CHECKBOX = st.one_of(st.sampled_from(["on", "", "off", "true", "False", "0"]), TEXT)
# Where to go back to: paths, other sites, bare words, garbage.
NEXT = st.one_of(
    st.sampled_from(
        ["/", "/reading-list/", "https://evil.example/", "//evil.example", "0", "a.b", "#x", ""]
    ),
    TEXT,
)


def maybe(key, values):
    """A form field that is sent once (most often), missing, or sent several times."""
    single = values.map(lambda value: {key: value})
    return st.one_of(
        single,
        single,
        single,
        st.just({}),
        st.lists(values, min_size=2, max_size=3).map(lambda value: {key: value}),
    )


def form(**fields):
    """A POST body whose every field may be missing, single or duplicated."""
    parts = [maybe(key, values) for key, values in fields.items()]
    return st.tuples(*parts).map(lambda dicts: {k: v for d in dicts for k, v in d.items()})


def near(valid, fuzzed):
    """A valid body (a dict of strategies) with a few of its fields (maybe none) replaced by
    fuzzed ones or left out: inputs close to the accepted ones, and the accepted path itself."""

    def combine(drawn):
        good, body, replaced, dropped = drawn
        near = {key: value for key, value in good.items() if key not in dropped}
        return near | {key: value for key, value in body.items() if key in replaced}

    keys = st.sets(st.sampled_from(sorted(valid)), max_size=2)
    dropped = st.one_of(st.just(set()), st.just(set()), keys)
    return st.tuples(st.fixed_dictionaries(valid), fuzzed, keys, dropped).map(combine)


def counts(*models: type[Model]):
    return {model.__name__: model.objects.count() for model in models}


def ok(response):
    assert response.status_code < 500, response.status_code


def answered(response):
    """ok, and the status counted in hypothesis' statistics (--hypothesis-show-statistics), to
    see that the inputs reach both the accepted and the refused paths."""
    ok(response)
    event(f"status {response.status_code}")
