"""What the cached pages showing competitions are made of, as fingerprint scopes (see
curriculum/extensions.py): each page names the scopes of the rows it shows, so a change
refreshes the pages that show it and costs the others nothing.

- "cohort" (every page of a cohort): its competitions.
- "user" (the viewer's own marks: the dashboard): the viewer's teams and their mentors.
- COMPETITIONS (the competitions page): the competitions of the viewer's cohorts...
- TEAMS: ...and everything the viewer's teams show there, as a member or as their mentor:
  teammates, mentors, sessions, session notes (a note's tags change through its form, which
  saves the note), scores.
- SCHEDULE (the schedule board): the cohort's teams, their mentors, sessions, availability and
  live lecture hours.

Mentor assignments are only ever added or removed, so their count and newest id tell; every other
row carries updated_at, so an edit in place (a renamed team, a moved window) shows at once.
"""

from django.db.models import Count, Max

from curriculum.extensions import (
    COHORT,
    USER,
    aggregates_of,
    latest_and_count,
    register_cohort_fingerprint,
    register_user_fingerprint,
)

from .models import (
    AvailabilityWindow,
    Competition,
    LiveLectureHours,
    ScoreEntry,
    Session,
    SessionNote,
    Team,
    TeamMember,
)

COMPETITIONS, TEAMS, SCHEDULE = "competitions", "teams", "schedule"
TEAM_MENTORS = Team.mentors.through


def _added(model, path, name):
    return aggregates_of(model, path, name, count=Count("pk"), newest=Max("pk"))


def _competitions():
    return latest_and_count(Competition, "cohort", "competitions")


def _own_teams():
    return {
        **latest_and_count(TeamMember, "user", "teams"),
        **latest_and_count(Team, "members", "team_names"),
        **_added(TEAM_MENTORS, "team__members", "team_mentors"),
    }


def _teams_shown():
    """Per way of holding a team (a member of it, its mentor), what its panel shows."""
    parts = {}
    for held in ("members", "mentors"):
        parts.update(
            {
                **latest_and_count(Team, held, f"teams_{held}"),
                **latest_and_count(TeamMember, f"team__{held}", f"teammates_{held}"),
                **_added(TEAM_MENTORS, f"team__{held}", f"team_mentors_{held}"),
                **latest_and_count(Session, f"team__{held}", f"sessions_{held}"),
                **latest_and_count(SessionNote, f"session__team__{held}", f"notes_{held}"),
                **latest_and_count(ScoreEntry, f"team__{held}", f"scores_{held}"),
            }
        )
    return parts


def _schedule():
    return {
        **_competitions(),
        **latest_and_count(Team, "competition__cohort", "cohort_teams"),
        **_added(TEAM_MENTORS, "team__competition__cohort", "cohort_team_mentors"),
        **latest_and_count(Session, "competition__cohort", "cohort_sessions"),
        **latest_and_count(AvailabilityWindow, "competition__cohort", "availability"),
        **latest_and_count(LiveLectureHours, "cohort", "lecture_hours"),
    }


def register():
    register_cohort_fingerprint(_competitions, scope=COHORT)
    register_user_fingerprint(_own_teams, scope=USER)
    register_cohort_fingerprint(_competitions, scope=COMPETITIONS)
    register_user_fingerprint(_teams_shown, scope=TEAMS)
    register_cohort_fingerprint(_schedule, scope=SCHEDULE)
