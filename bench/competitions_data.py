"""The competition mentoring part of the benchmark's data set, built with bulk_create.

Every cohort has its live lecture hours (weekday mornings). In each competition that has opened,
every team has its two 30-minute sessions with its mentor, in the afternoons and evenings: the
first in the competition's first days, the second from 60% of its span on; one team in ten had
its first session cancelled and booked again an hour later. Each session that took place has a
note from the mentor with one or two tags (half of them shared as tips), and each team has entered
a leaderboard score every other day from the opening to today or the deadline. Each mentor has
a window of availability every weekday of every competition. A competition not yet open has its
windows but no session, so its board flags every team.

Every team gets the same shape, so the counted student's pages issue the same queries whichever
team the shuffle put them on.
"""

import datetime
import zoneinfo
from decimal import Decimal

from competitions.models import (
    KNOWN_TAGS,
    AvailabilityWindow,
    LiveLectureHours,
    NoteTag,
    ScoreEntry,
    Session,
    SessionNote,
    SessionStatus,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
BATCH = 2000
SESSION_MINUTES = 30
FIRST_HOUR, LAST_HOUR = 13, 22  # sessions from 13:00 to 22:00 Seoul time, after the lectures
SECOND_ROUND_AT = 0.6  # of the competition's span
NOTE_BODY = (
    "로짓 앙상블을 먼저 해 보세요. **학습률 스케줄러**(cosine)와 SGD도 비교하고, "
    "실험은 wandb로, 긴 학습은 tmux에서 돌리세요. `awesome github {track}`도 검색해 보세요."
)


def _slots(start_day):
    """30-minute slots from `start_day` at FIRST_HOUR on, afternoons and evenings only."""
    per_day = (LAST_HOUR - FIRST_HOUR) * 60 // SESSION_MINUTES
    day = start_day
    while True:
        start = datetime.datetime.combine(day, datetime.time(FIRST_HOUR), SEOUL)
        for n in range(per_day):
            yield start + datetime.timedelta(minutes=SESSION_MINUTES * n)
        day += datetime.timedelta(days=1)


class CompetitionsBuilder:
    def __init__(self, *, now, mentors_of_team):
        self.now = now
        self.mentors_of_team = mentors_of_team  # team pk -> its mentor
        self.tags = self._tags()
        self.taken = set()  # (mentor pk, start): overlapping competitions share their mentors

    @staticmethod
    def _tags():
        NoteTag.objects.bulk_create(
            [NoteTag(slug=slug, name=str(label)) for slug, label in KNOWN_TAGS.items()],
            ignore_conflicts=True,
        )
        return list(NoteTag.objects.filter(slug__in=KNOWN_TAGS).order_by("slug"))

    def build(self, cohorts, competitions, teams):
        LiveLectureHours.objects.bulk_create(
            LiveLectureHours(
                cohort=cohort, weekday=day, starts=datetime.time(9), ends=datetime.time(12)
            )
            for cohort in cohorts
            for day in range(5)
        )
        teams_of = {}
        for team in teams:
            teams_of.setdefault(team.competition_id, []).append(team)
        counts = {"sessions": 0, "session_notes": 0, "scores": 0, "availability": 0}
        for competition in competitions:
            built = self.competition(competition, teams_of.get(competition.pk, []))
            for key, value in built.items():
                counts[key] += value
        return counts

    def competition(self, competition, teams):
        windows = self.availability(competition, teams)
        if competition.starts_at > self.now:
            return {"availability": windows}
        sessions = self.sessions(competition, teams)
        return {
            "availability": windows,
            "sessions": len(sessions),
            "session_notes": self.notes(competition, sessions),
            "scores": self.scores(competition, teams),
        }

    def availability(self, competition, teams):
        mentors = {self.mentors_of_team[team.pk] for team in teams}
        first = competition.starts_at.astimezone(SEOUL).date()
        last = competition.deadline_at.astimezone(SEOUL).date()
        days = [
            first + datetime.timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + datetime.timedelta(days=n)).weekday() < 5
        ]
        rows = AvailabilityWindow.objects.bulk_create(
            [
                AvailabilityWindow(
                    competition=competition,
                    mentor=mentor,
                    starts_at=datetime.datetime.combine(day, datetime.time(FIRST_HOUR), SEOUL),
                    ends_at=datetime.datetime.combine(day, datetime.time(LAST_HOUR), SEOUL),
                )
                for mentor in sorted(mentors, key=lambda m: m.pk)
                for day in days
            ],
            batch_size=BATCH,
        )
        return len(rows)

    def sessions(self, competition, teams):
        """Two sessions a team, each mentor's teams one after another; every tenth team's first
        session cancelled and booked again an hour after its mentor's last first-round slot."""
        by_mentor = {}
        for team in teams:
            by_mentor.setdefault(self.mentors_of_team[team.pk].pk, []).append(team)
        first_day = competition.starts_at.astimezone(SEOUL).date()
        span = competition.deadline_at - competition.starts_at
        second_day = (competition.starts_at + span * SECOND_ROUND_AT).astimezone(SEOUL).date()
        rows = []
        for mentor_pk, mentor_teams in by_mentor.items():
            first = self._free(mentor_pk, first_day, len(mentor_teams) + len(mentor_teams) // 10)
            second = iter(self._free(mentor_pk, second_day, len(mentor_teams)))
            spare = iter(first[len(mentor_teams) :])
            for number, (team, start) in enumerate(zip(mentor_teams, first, strict=False)):
                if number % 10 == 9:
                    rows.append(self._session(competition, team, start, SessionStatus.CANCELLED))
                    start = next(spare)
                rows.append(self._session(competition, team, start))
                rows.append(self._session(competition, team, next(second), slot=2))
        return Session.objects.bulk_create(rows, batch_size=BATCH)

    def _free(self, mentor_pk, day, count):
        """The mentor's first `count` free slots from `day` on, now taken."""
        free = []
        for start in _slots(day):
            if len(free) == count:
                return free
            if (mentor_pk, start) not in self.taken:
                self.taken.add((mentor_pk, start))
                free.append(start)
        return free

    def _session(self, competition, team, start, status=SessionStatus.SCHEDULED, slot=1):
        return Session(
            competition=competition,
            team=team,
            mentor=self.mentors_of_team[team.pk],
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=SESSION_MINUTES),
            package=competition.package,
            slot=slot,
            meeting_url="https://meet.example.com/baton-bench",
            status=status,
        )

    def notes(self, competition, sessions):
        held = [
            s for s in sessions if s.status == SessionStatus.SCHEDULED and s.ends_at <= self.now
        ]
        notes = SessionNote.objects.bulk_create(
            [
                SessionNote(
                    session=session,
                    author=session.mentor,
                    body=NOTE_BODY.format(track=competition.track),
                    is_tip=n % 2 == 0,
                )
                for n, session in enumerate(held)
            ],
            batch_size=BATCH,
        )
        links = [
            SessionNote.tags.through(sessionnote_id=note.pk, notetag_id=tag.pk)
            for n, note in enumerate(notes)
            for tag in self.tags[n % len(self.tags) :][: 1 + n % 2]
        ]
        SessionNote.tags.through.objects.bulk_create(links, batch_size=BATCH)
        return len(notes)

    def scores(self, competition, teams):
        first = competition.starts_at.astimezone(SEOUL).date()
        last = min(competition.deadline_at, self.now).astimezone(SEOUL).date()
        days = [first + datetime.timedelta(days=n) for n in range(0, (last - first).days + 1, 2)]
        rows = ScoreEntry.objects.bulk_create(
            [
                ScoreEntry(
                    team=team,
                    recorded_on=day,
                    score=Decimal("0.6") + Decimal(number % 7 + step) / 100,
                    rank=1 + (number + step) % len(teams),
                )
                for number, team in enumerate(teams)
                for step, day in enumerate(days)
            ],
            batch_size=BATCH,
        )
        return len(rows)
