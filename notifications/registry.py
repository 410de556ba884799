"""What can be delivered: categories (what a user opts out of) and kinds (one reminder each).

An app registers its categories and kinds in its AppConfig.ready(); notifications knows nothing
of what they are about. A kind is a key, a category, a period, three templates and a function
that yields its recipients in batches (see docs/notifications.md).
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from .models import Frequency


@dataclasses.dataclass(frozen=True)
class Category:
    key: str
    label: Any  # a lazy translation
    description: Any = ""
    # Categories with a choice of frequency (articles: every day or a weekly digest).
    has_frequency: bool = False
    # The roles (in a cohort) whose holders get its kinds: the preferences page shows a person
    # only the categories of the roles they hold. Empty: everyone.
    roles: frozenset[str] = frozenset()

    def is_for(self, roles) -> bool:
        return not self.roles or bool(self.roles & set(roles))


@dataclasses.dataclass
class Recipient:
    """One person to notify, with what their message needs.

    `context` fills the templates; `url` is the page the message is about (a path or a full URL).
    Recipients with the same `share` value (and language) get the same rendered message, so a
    batch renders each distinct message once; leave it None for a message of one's own.
    `period` overrides the kind's period (a session reminder's period is the session).
    """

    user: Any
    context: dict
    url: str = ""
    share: Any = None
    period: str | None = None


@dataclasses.dataclass(frozen=True)
class Run:
    """What a recipients function is asked for: the moment, and optionally one cohort."""

    now: datetime.datetime
    cohort: str | None = None  # a cohort slug, from `send_reminders --cohort`

    @property
    def today(self):
        return timezone.localdate(self.now)


@dataclasses.dataclass(frozen=True)
class Kind:
    key: str
    category: str
    template: str  # "mentoring/notifications/weekly" -> .subject.txt, .txt, .html
    recipients: Callable[[Run], Iterable[list[Recipient]]]
    period: Callable[[datetime.datetime], str]
    # For a category with a frequency: the kind reaches only users who chose this one.
    frequency: str | None = None
    description: Any = ""


_categories: dict[str, Category] = {}
_kinds: dict[str, Kind] = {}


def register_category(category: Category) -> Category:
    _categories[category.key] = category
    return category


def register_kind(kind: Kind) -> Kind:
    if kind.category not in _categories:
        raise LookupError(f"Register category {kind.category!r} before kind {kind.key!r}.")
    if kind.frequency is not None and kind.frequency not in Frequency.values:
        raise ValueError(f"Unknown frequency {kind.frequency!r} for kind {kind.key!r}.")
    _kinds[kind.key] = kind
    return kind


def get_kind(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        known = ", ".join(sorted(_kinds))
        raise LookupError(f"No notification kind {key!r}; known: {known}") from None


def kinds() -> list[Kind]:
    return [_kinds[key] for key in sorted(_kinds)]


def categories() -> list[Category]:
    return list(_categories.values())


def get_category(key: str) -> Category | None:
    return _categories.get(key)


# --- Periods: at most one delivery of a kind per period and user ---------------------------------


def daily(now: datetime.datetime) -> str:
    return timezone.localdate(now).isoformat()


def weekly(now: datetime.datetime) -> str:
    year, week, _day = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"
