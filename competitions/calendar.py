"""iCalendar (RFC 5545) output: a user's private feed and a single session's .ics file.

Other apps add their own dated items to the feed with `register_calendar_source(fn)`: `fn(user)`
returns an iterable of CalendarItem. Mission due dates (mentoring/calendar.py) plug in here, from
their own AppConfig.ready(); competitions itself never imports mentoring.
"""

import dataclasses
import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Competition, Session, SessionStatus

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


@dataclasses.dataclass(frozen=True)
class CalendarItem:
    uid: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""
    cancelled: bool = False
    updated_at: datetime.datetime | None = None
    # How many times the item was moved or cancelled: a calendar that already holds the event
    # takes the copy with the higher SEQUENCE as the newer one.
    sequence: int = 0


_SOURCES = []


def register_calendar_source(source):
    """Hook for other apps (e.g. mission due dates): `source(user)` -> iterable of CalendarItem."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def session_item(session):
    """A session of a queryset `with_sequence()`."""
    title = _("Mentoring: %(team)s with %(mentor)s") % {
        "team": session.team.name,
        "mentor": session.mentor.display_name,
    }
    lines = [session.competition.title]
    if session.meeting_url:
        lines.append(_("Meeting link: %(url)s") % {"url": session.meeting_url})
    return CalendarItem(
        uid=f"session-{session.pk}@baton",
        title=title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        description="\n".join(lines),
        url=_absolute(session.get_absolute_url()),
        location=session.meeting_url,
        cancelled=session.status == SessionStatus.CANCELLED,
        updated_at=session.updated_at,
        sequence=session.sequence,
    )


def deadline_item(competition):
    return CalendarItem(
        uid=f"competition-{competition.pk}-deadline@baton",
        title=_("Final deadline: %(title)s") % {"title": competition.title},
        starts_at=competition.deadline_at,
        url=_absolute(competition.get_absolute_url()),
        updated_at=competition.updated_at,
    )


def user_items(user):
    sessions = (
        Session.objects.filter(pk__in=Session.objects.for_user(user).values("pk"))
        .select_related("team", "mentor", "competition")
        .with_sequence()
        .order_by("starts_at")
    )
    competitions = Competition.objects.filter(cohort__memberships__user=user).distinct()
    items = [session_item(s) for s in sessions]
    items += [deadline_item(c) for c in competitions]
    for source in _SOURCES:
        items.extend(source(user))
    return items


def render(items, *, name):
    """The items as one VCALENDAR, with the Asia/Seoul VTIMEZONE their times refer to."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Baton//Competition mentoring//KO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Seoul")
    stamp = timezone.now()
    for item in items:
        calendar.add_component(_event(item, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(item, stamp):
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    event.add("dtstart", item.starts_at.astimezone(SEOUL))
    if item.ends_at:
        event.add("dtend", item.ends_at.astimezone(SEOUL))
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    if item.location:
        event.add("location", item.location)
    if item.updated_at:
        event.add("last-modified", item.updated_at)
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    return event
