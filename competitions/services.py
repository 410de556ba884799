"""Writes of the competitions app. Every booking, move and cancellation of a mentoring session goes
through here (views, the board's suggestion and the admin alike), so the rules hold everywhere.

Concurrency: a write locks the team row, then the mentor's user row (always in that order, so two
writers cannot wait on each other), re-checks the rules, and saves. On PostgreSQL two exclusion
constraints back the overlap rules; whatever slips past the locks (an IntegrityError or a
deadlock) becomes the same friendly ValidationError, never a server error.
"""

import dataclasses
import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from curriculum.models import Membership, Role
from notifications.services import notify

from .models import (
    PACKAGE_SLOTS,
    REASON_MAX,
    AvailabilityWindow,
    CalendarFeed,
    LiveLectureHours,
    Package,
    ScoreEntry,
    Session,
    SessionChange,
    SessionChangeKind,
    SessionNote,
    SessionStatus,
    Team,
)
from .notifications import SESSION_CHANGED, session_change_recipients

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def conflict_message():
    return _(
        "Someone else booked an overlapping session at the same moment. "
        "Nothing was saved: reload the board and pick another time."
    )


def package_slots(competition):
    return PACKAGE_SLOTS[Package(competition.package)]


def late_cutoff(competition):
    return competition.deadline_at - datetime.timedelta(hours=settings.SESSION_LATE_HOURS)


# --- The rules --------------------------------------------------------------------------------


@dataclasses.dataclass
class Slot:
    team: Team
    mentor: User
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def _fmt(moment):
    return timezone.localtime(moment).strftime("%m/%d %H:%M")


def slot_errors(slot, *, competition, now, exclude_pk=None, lecture_hours=None):
    """Every broken rule for `slot`, as {field: [messages]}; empty when it may be booked."""
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if slot.ends_at <= slot.starts_at:
        add("minutes", _("The session must end after it starts."))
        return errors
    if slot.team.competition_id != competition.pk:
        add("team", _("This team is not in this competition."))
        return errors
    if not slot.team.mentors.filter(pk=slot.mentor.pk).exists():
        add(
            "mentor",
            _("%(mentor)s is not a mentor of %(team)s.")
            % {"mentor": slot.mentor.display_name, "team": slot.team.name},
        )
    if slot.starts_at < competition.starts_at or slot.ends_at > competition.deadline_at:
        add(
            "starts_at",
            _("The session must fall inside the competition (%(start)s – %(end)s).")
            % {"start": _fmt(competition.starts_at), "end": _fmt(competition.deadline_at)},
        )
        return errors  # the other rules walk the slot's days: years 1 or 9999 overflow there
    notice = datetime.timedelta(hours=settings.SESSION_MIN_NOTICE_HOURS)
    if slot.starts_at < now + notice:
        add(
            "starts_at",
            _("Sessions need at least %(hours)s hours' notice.")
            % {"hours": settings.SESSION_MIN_NOTICE_HOURS},
        )
    _package_errors(slot, competition, exclude_pk, add)
    _lecture_errors(slot, competition, lecture_hours, add)
    _overlap_errors(slot, exclude_pk, add)
    return errors


def _package_errors(slot, competition, exclude_pk, add):
    count, minutes = package_slots(competition)
    if slot.ends_at - slot.starts_at != datetime.timedelta(minutes=minutes):
        add(
            "minutes",
            _("This competition's package gives %(count)s × %(minutes)s minutes per team.")
            % {"count": count, "minutes": minutes},
        )
    taken = Session.objects.scheduled().filter(team=slot.team).exclude(pk=exclude_pk).count()
    if taken >= count:
        add(
            "team",
            _("%(team)s has already used its mentoring package (%(count)s × %(minutes)s minutes).")
            % {"team": slot.team.name, "count": count, "minutes": minutes},
        )


def _lecture_errors(slot, competition, lecture_hours, add):
    if lecture_hours is None:
        lecture_hours = list(LiveLectureHours.objects.filter(cohort_id=competition.cohort_id))
    for block in lecture_hours:
        if _overlaps_block(slot.starts_at, slot.ends_at, block):
            add(
                "starts_at",
                _("That is during the cohort's live lectures (%(block)s).") % {"block": str(block)},
            )
            return


def _overlaps_block(starts_at, ends_at, block):
    day = timezone.localtime(starts_at, SEOUL).date()
    last = timezone.localtime(ends_at, SEOUL).date()
    while day <= last:
        if day.weekday() == block.weekday:
            begin = datetime.datetime.combine(day, block.starts, SEOUL)
            end = datetime.datetime.combine(day, block.ends, SEOUL)
            if starts_at < end and ends_at > begin:
                return True
        day += datetime.timedelta(days=1)
    return False


def _overlap_errors(slot, exclude_pk, add):
    others = (
        Session.objects.scheduled().overlapping(slot.starts_at, slot.ends_at).exclude(pk=exclude_pk)
    )
    clash = others.filter(mentor=slot.mentor).select_related("team").first()
    if clash:
        add(
            "starts_at",
            _("%(mentor)s already has a session then (%(team)s, %(when)s).")
            % {
                "mentor": slot.mentor.display_name,
                "team": clash.team.name,
                "when": _fmt(clash.starts_at),
            },
        )
    clash = others.filter(team=slot.team).select_related("mentor").first()
    if clash:
        add(
            "starts_at",
            _("%(team)s already has a session then (%(when)s).")
            % {"team": slot.team.name, "when": _fmt(clash.starts_at)},
        )


def _too_long(field, text, limit):
    """{field: [message]} when `text` is longer than the column holds, else {}."""
    if len(text) <= limit:
        return {}
    return {
        field: [
            _("Write at most %(limit)s characters (this has %(count)s).")
            % {"limit": limit, "count": len(text)}
        ]
    }


def _late_errors(starts_at, competition, confirm_late, late_reason):
    if starts_at < late_cutoff(competition):
        return {}
    if len(late_reason.strip()) > REASON_MAX:
        return _too_long("late_reason", late_reason.strip(), REASON_MAX)
    if not confirm_late or not late_reason.strip():
        return {
            "late_reason": [
                _(
                    "This session is within %(hours)s hours of the deadline, too late for the "
                    "team to use the advice. Confirm it and give a reason to book it anyway."
                )
                % {"hours": settings.SESSION_LATE_HOURS}
            ]
        }
    return {}


# --- Booking, moving, cancelling ------------------------------------------------------------------


def _lock(team_ids, mentor_ids):
    """Lock teams, then mentors, each in id order: every writer takes locks in the same order."""
    list(Team.objects.select_for_update().filter(pk__in=sorted(set(team_ids))).order_by("pk"))
    list(User.objects.select_for_update().filter(pk__in=sorted(set(mentor_ids))).order_by("pk"))


def _friendly(write, recheck=dict):
    """Run `write` atomically; a lost race becomes a ValidationError: what `recheck()` finds
    broken now that the winner has committed (the loser gets the message it would have had coming
    second), or else the generic conflict message."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        raise ValidationError(recheck() or {"starts_at": [conflict_message()]}) from error
    except OperationalError as error:
        if "deadlock" not in str(error).lower():
            raise
        raise ValidationError(recheck() or {"starts_at": [conflict_message()]}) from error


def session_book(
    *,
    team,
    mentor,
    starts_at,
    minutes,
    by,
    competition=None,
    meeting_url="",
    confirm_late=False,
    late_reason="",
    now=None,
):
    """Book a session, or raise ValidationError (a message per broken rule), saving nothing."""
    competition = competition or team.competition
    now = now or timezone.now()
    slot = Slot(team, mentor, starts_at, starts_at + datetime.timedelta(minutes=minutes))

    def write():
        _lock([team.pk], [mentor.pk])
        _raise_if(
            slot_errors(slot, competition=competition, now=now)
            | _late_errors(starts_at, competition, confirm_late, late_reason)
        )
        return _create(slot, competition, meeting_url, late_reason, by)

    session = _friendly(write, lambda: slot_errors(slot, competition=competition, now=now))
    return session


def _create(slot, competition, meeting_url, late_reason, by):
    late = slot.starts_at >= late_cutoff(competition)
    session = Session.objects.create(
        competition=competition,
        team=slot.team,
        mentor=slot.mentor,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        package=competition.package,
        slot=Session.objects.first_free_slot(slot.team),
        meeting_url=meeting_url,
        late_reason=late_reason.strip() if late else "",
        created_by=by,
    )
    change = SessionChange.objects.create(
        session=session, kind=SessionChangeKind.BOOKED, new_starts_at=slot.starts_at, by=by
    )
    tell_participants(session, change)
    return session


def _raise_if(errors):
    if errors:
        raise ValidationError(errors)


def session_reschedule(
    *, session, starts_at, by, minutes=None, reason="", confirm_late=False, late_reason="", now=None
):
    """Move a scheduled session; keeps the old time in the history and tells the participants."""
    now = now or timezone.now()
    if session.is_cancelled:
        raise ValidationError(_("A cancelled session cannot be moved."))
    _raise_if(_too_long("reason", reason, REASON_MAX))
    minutes = minutes or session.minutes
    slot = Slot(
        session.team, session.mentor, starts_at, starts_at + datetime.timedelta(minutes=minutes)
    )
    competition = session.competition

    def write():
        _lock([session.team_id], [session.mentor_id])
        errors = slot_errors(slot, competition=competition, now=now, exclude_pk=session.pk)
        _raise_if(errors | _late_errors(starts_at, competition, confirm_late, late_reason))
        old = session.starts_at
        session.starts_at, session.ends_at = slot.starts_at, slot.ends_at
        late = starts_at >= late_cutoff(competition)
        session.late_reason = late_reason.strip() if late else ""
        session.save(update_fields=["starts_at", "ends_at", "late_reason", "updated_at"])
        change = SessionChange.objects.create(
            session=session,
            kind=SessionChangeKind.RESCHEDULED,
            old_starts_at=old,
            new_starts_at=starts_at,
            reason=reason,
            by=by,
        )
        tell_participants(session, change)
        return session

    return _friendly(
        write,
        lambda: slot_errors(slot, competition=competition, now=now, exclude_pk=session.pk),
    )


def session_cancel(*, session, by, reason="", now=None):
    if session.is_cancelled:
        raise ValidationError(_("This session is already cancelled."))
    if session.is_past(now):
        raise ValidationError(_("This session has already taken place."))
    _raise_if(_too_long("reason", reason, REASON_MAX))
    with transaction.atomic():
        _lock([session.team_id], [session.mentor_id])
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        change = SessionChange.objects.create(
            session=session,
            kind=SessionChangeKind.CANCELLED,
            old_starts_at=session.starts_at,
            reason=reason,
            by=by,
        )
        tell_participants(session, change)
    return session


def tell_participants(session, change):
    """The one place that tells a session's team and mentor about a change (a SessionChange: a
    booking, a move or a cancellation): a notification of kind `competitions.session_changed`,
    by email and under the bell, in each recipient's language and time zone. Written in the
    caller's transaction (the outbox: the notice exists if and only if the change does; its
    emails leave after the commit), once per change and person."""
    return notify(kind=SESSION_CHANGED, recipients=session_change_recipients(session, change))


# --- The suggested schedule -----------------------------------------------------------------------

STEP = datetime.timedelta(minutes=30)


def _targets(competition):
    """(earliest, latest, aim) for each session of a team: where in the competition it belongs."""
    start, length = competition.starts_at, competition.deadline_at - competition.starts_at
    count, _minutes = package_slots(competition)
    if count == 2:
        return [
            (start, start + length / 3, start),
            (start + length / 3, start + length * 2 / 3, start + length / 2),
        ]
    return [(start, start + length / 2, start)]


def schedule_suggest(*, competition, now=None):
    """A proposed session for every team slot not yet booked, drawn from the mentors' availability:
    for 2 x 30, one in the first third and one around the middle; for 1 x 60, in the first half.
    Returns (proposals, teams left without a proposal). Nothing is saved."""
    now = now or timezone.now()
    count, minutes = package_slots(competition)
    teams = list(competition.teams.prefetch_related("mentors").order_by("name"))
    booked = list(
        Session.objects.scheduled().filter(
            starts_at__lt=competition.deadline_at, ends_at__gt=competition.starts_at
        )
    )
    windows = list(AvailabilityWindow.objects.filter(competition=competition).order_by("starts_at"))
    hours = list(LiveLectureHours.objects.filter(cohort_id=competition.cohort_id))
    taken = [(s.mentor_id, s.team_id, s.starts_at, s.ends_at) for s in booked]
    proposals, unplaced = [], []
    for team in teams:
        mine = sorted(s.starts_at for s in booked if s.team_id == team.pk)
        targets = _targets(competition)[len(mine) :] if len(mine) < count else []
        for earliest, latest, aim in targets:
            slot = _first_fit(
                team, windows, taken, hours, competition, now, earliest, latest, aim, minutes
            )
            if slot is None:
                if team not in unplaced:
                    unplaced.append(team)
                continue
            proposals.append(slot)
            taken.append((slot.mentor.pk, team.pk, slot.starts_at, slot.ends_at))
    return proposals, unplaced


def _first_fit(team, windows, taken, hours, competition, now, earliest, latest, aim, minutes):
    length = datetime.timedelta(minutes=minutes)
    notice = now + datetime.timedelta(hours=settings.SESSION_MIN_NOTICE_HOURS)
    mentors = {m.pk: m for m in team.mentors.all()}
    candidates = []
    for window in windows:
        if window.mentor_id not in mentors:
            continue
        begin = max(window.starts_at, earliest, notice, competition.starts_at)
        begin = _round_up(begin)
        while begin + length <= min(window.ends_at, competition.deadline_at) and begin < latest:
            if _free(window.mentor_id, team.pk, begin, begin + length, taken) and not any(
                _overlaps_block(begin, begin + length, block) for block in hours
            ):
                candidates.append((abs(begin - aim), begin, window.mentor_id))
            begin += STEP
    if not candidates:
        return None
    _distance, begin, mentor_id = min(candidates)
    return Slot(team, mentors[mentor_id], begin, begin + length)


def _round_up(moment):
    extra = moment.minute % 30 or moment.second or moment.microsecond
    moment = moment.replace(second=0, microsecond=0)
    if extra:
        moment += datetime.timedelta(minutes=30 - moment.minute % 30)
    return moment


def _free(mentor_id, team_id, begin, end, taken):
    return not any(
        (m == mentor_id or t == team_id) and begin < e and end > b for m, t, b, e in taken
    )


def schedule_accept(*, competition, slots, by, now=None):
    """Book every proposed slot in one transaction: all of them, or none with the reasons."""
    now = now or timezone.now()

    def write():
        _lock([s.team.pk for s in slots], [s.mentor.pk for s in slots])
        sessions = []
        for slot in slots:
            errors = slot_errors(slot, competition=competition, now=now)
            if errors:
                first = next(iter(errors.values()))[0]
                raise ValidationError(
                    _("%(team)s: %(problem)s") % {"team": slot.team.name, "problem": first}
                )
            late = _late_errors(slot.starts_at, competition, False, "")
            if late:
                raise ValidationError(
                    _("%(team)s: %(problem)s")
                    % {"team": slot.team.name, "problem": late["late_reason"][0]}
                )
            sessions.append(_create(slot, competition, "", "", by))
        return sessions

    return _friendly(write)


# --- Notes, scores, calendar feeds --------------------------------------------------------------


@transaction.atomic
def note_add(*, session, author, body, tags=(), is_tip=True):
    """A mentor's note on a session that has started (SessionNote.clean), within its length."""
    if not body.strip():
        raise ValidationError({"body": [_("Write what was said in the session.")]})
    note = SessionNote(session=session, author=author, body=body.strip(), is_tip=is_tip)
    note.full_clean()
    note.save()
    note.tags.set(tags)
    return note


def availability_add(*, competition, mentor, starts_at, ends_at):
    """A window a mentor can give sessions in, inside the competition (AvailabilityWindow.clean)."""
    window = AvailabilityWindow(
        competition=competition, mentor=mentor, starts_at=starts_at, ends_at=ends_at
    )
    window.full_clean()
    window.save()
    return window


def score_record(*, team, recorded_on, score, rank=None, by):
    """Record (or correct) the team's leaderboard score for a day."""
    entry, _created = ScoreEntry.objects.update_or_create(
        team=team,
        recorded_on=recorded_on,
        defaults={"score": score, "rank": rank, "entered_by": by},
    )
    return entry


def calendar_feed_for(user):
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_revoke(*, user):
    """A new token: the old feed URL stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def competition_mentor_ids(cohort_id):
    return set(
        Membership.objects.filter(cohort_id=cohort_id, role=Role.COMPETITION_MENTOR).values_list(
            "user_id", flat=True
        )
    )


__all__ = [
    "availability_add",
    "calendar_feed_for",
    "calendar_feed_revoke",
    "note_add",
    "schedule_accept",
    "schedule_suggest",
    "score_record",
    "session_book",
    "session_cancel",
    "session_reschedule",
    "slot_errors",
    "tell_participants",
]
