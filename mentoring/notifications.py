"""Mentoring's reminders, built on the notifications app: the week's missions every Monday, and
articles (today's each morning, or a weekly digest, by the student's choice).

Each recipients function yields students in batches with a constant number of queries per
batch, and marks which students get the very same message (`share`) so it is rendered once per
language and batch.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from curriculum.models import Cohort, Role, Week
from notifications.registry import (
    Category,
    Kind,
    Recipient,
    daily,
    register_category,
    register_kind,
    weekly,
)
from notifications.schedules import Schedule, register_schedule

from .brief import build_brief
from .brief_reminders import mentors_due_brief, mentors_missing_note
from .levels import INACTIVE_DAYS
from .models import Article, Mission, MissionProgress, MissionStatus, SavedArticle
from .stats import TOO_EASY_ABOVE, TOO_HARD_BELOW

BATCH = 500
WEEKLY_MISSIONS = "mentoring.weekly_missions"
ARTICLES_DAILY = "mentoring.articles_daily"
ARTICLES_DIGEST = "mentoring.articles_digest"
MENTOR_BRIEF = "mentoring.mentor_brief"
HANDOFF_PROMPT = "mentoring.handoff_prompt"


def _running_cohorts(run):
    cohorts = Cohort.objects.running_on(run.today).order_by("pk")
    return cohorts.filter(slug=run.cohort) if run.cohort else cohorts


def _student_batches(cohort):
    """The cohort's active students in batches of BATCH, one query each (keyset on the id),
    with only what a message needs."""
    students = (
        User.objects.filter(
            memberships__cohort=cohort, memberships__role=Role.STUDENT, is_active=True
        )
        .only("pk", "email", "name", "language", "time_zone")
        .order_by("pk")
    )
    last = 0
    while True:
        users = list(students.filter(pk__gt=last)[:BATCH])
        if not users:
            return
        yield users
        last = users[-1].pk


def _week_of(cohort, day):
    return Week.objects.for_cohort(cohort).containing(day).with_mentors().first()


# --- Weekly missions -----------------------------------------------------------------------------


def weekly_mission_recipients(run):
    for cohort in _running_cohorts(run):
        week = _week_of(cohort, run.today)
        if week is None:
            continue
        missions = list(
            Mission.objects.filter(
                week__cohort=cohort, week__number__in=[week.number, week.number - 1]
            ).by_tier()
        )
        this_week = [mission for mission in missions if mission.week_id == week.pk]
        last_week = [mission for mission in missions if mission.week_id != week.pk]
        shared = {
            "cohort": cohort,
            "week": week,
            "mentors": list(week.mentors.all()),
            "tiers": _by_tier(this_week),
        }
        url = reverse("dashboard")
        for users in _student_batches(cohort):
            finished = _finished_by(users, last_week)
            yield [
                _weekly_recipient(user, shared, last_week, finished.get(user.pk, set()), url)
                for user in users
            ]


def _finished_by(users, missions):
    """{user id: ids of `missions` they finished}, in one query."""
    if not missions:
        return {}
    finished = {}
    for user_id, mission_id in MissionProgress.objects.filter(
        student__in=users,
        mission__in=missions,
        status__in=[MissionStatus.DONE, MissionStatus.SKIPPED],
    ).values_list("student_id", "mission_id"):
        finished.setdefault(user_id, set()).add(mission_id)
    return finished


def _weekly_recipient(user, shared, last_week, finished, url):
    leftovers = [mission for mission in last_week if mission.pk not in finished]
    return Recipient(
        user=user,
        context={**shared, "leftovers": leftovers},
        url=url,
        share=(shared["week"].pk, tuple(mission.pk for mission in leftovers)),
    )


def _by_tier(missions):
    groups = {}
    for mission in missions:
        groups.setdefault(mission.difficulty, (mission, []))[1].append(mission)
    return [{"mission": first, "missions": group} for first, group in groups.values()]


# --- Articles ------------------------------------------------------------------------------------


def daily_article_recipients(run):
    for cohort in _running_cohorts(run):
        articles = list(Article.objects.filter(week__cohort=cohort, day=run.today).order_by("pk"))
        if not articles:
            continue
        shared = {"cohort": cohort, "articles": articles, "day": run.today}
        url = reverse("dashboard")
        for users in _student_batches(cohort):
            yield [Recipient(user=user, context=shared, url=url, share=cohort.pk) for user in users]


def article_digest_recipients(run):
    for cohort in _running_cohorts(run):
        week = _week_of(cohort, run.today)
        if week is None:
            continue
        articles = list(Article.objects.filter(week=week).order_by("day", "pk"))
        shared = {"cohort": cohort, "week": week, "articles": articles}
        url = reverse("mentoring:reading_list")
        for users in _student_batches(cohort):
            unread = dict(
                SavedArticle.objects.filter(user__in=users, read_at__isnull=True)
                .values("user")
                .annotate(count=Count("pk"))
                .values_list("user", "count")
            )
            yield [
                Recipient(
                    user=user,
                    context={**shared, "unread": unread.get(user.pk, 0)},
                    url=url,
                    share=(cohort.pk, unread.get(user.pk, 0)),
                )
                for user in users
                if articles or unread.get(user.pk)
            ]


# --- Mentors: the brief before their week, the handoff note prompt at its end --------------------


def _by_week(pairs, run):
    """{week: [mentors]} of (mentor, week) pairs, in order, limited to `--cohort` if given."""
    weeks = {}
    for mentor, week in pairs:
        if run.cohort is None or week.cohort.slug == run.cohort:
            weeks.setdefault(week, []).append(mentor)
    return weeks.items()


def mentor_brief_recipients(run):
    """Each week starting within two days: its mentors, with the week's brief (built once per
    week, a constant number of queries). The week is the period: one brief per mentor and week."""
    for week, mentors in _by_week(mentors_due_brief(run.today), run):
        brief = build_brief(week)
        url = reverse("mentoring:brief", kwargs={"week_pk": week.pk})
        shared = {
            "week": brief.week,
            "brief": brief,
            "inactive_days": INACTIVE_DAYS,
            "too_easy_above": TOO_EASY_ABOVE,
            "too_hard_below": TOO_HARD_BELOW,
        }
        yield [
            Recipient(
                user=mentor,
                context={**shared, "mentor": mentor},
                url=url,
                period=f"week-{week.pk}",
            )
            for mentor in mentors
        ]


def handoff_prompt_recipients(run):
    """Each week ending today (or yesterday, if the scheduler missed the day): its mentors who
    have not left their note."""
    for week, mentors in _by_week(mentors_missing_note(run.today), run):
        url = reverse("mentoring:handoff_note", kwargs={"week_pk": week.pk})
        yield [
            Recipient(
                user=mentor,
                context={"week": week, "mentor": mentor},
                url=url,
                period=f"week-{week.pk}",
            )
            for mentor in mentors
        ]


# --- Registration --------------------------------------------------------------------------------


def register():
    register_category(
        Category(
            "missions",
            _("Weekly missions"),
            _("The week's theme, mentor and missions."),
            roles=frozenset({Role.STUDENT}),
        )
    )
    register_category(
        Category(
            "articles",
            _("Articles"),
            _("Today's article every morning, or one digest a week."),
            has_frequency=True,
            roles=frozenset({Role.STUDENT}),
        )
    )
    register_kind(
        Kind(
            key=WEEKLY_MISSIONS,
            category="missions",
            template="mentoring/notifications/weekly_missions",
            recipients=weekly_mission_recipients,
            period=weekly,
            description=_("Monday 09:00: the week's missions to every running cohort's student."),
        )
    )
    register_kind(
        Kind(
            key=ARTICLES_DAILY,
            category="articles",
            template="mentoring/notifications/articles_daily",
            recipients=daily_article_recipients,
            period=daily,
            frequency="daily",
        )
    )
    register_kind(
        Kind(
            key=ARTICLES_DIGEST,
            category="articles",
            template="mentoring/notifications/articles_digest",
            recipients=article_digest_recipients,
            period=weekly,
            frequency="weekly",
        )
    )
    register_category(
        Category(
            "mentors",
            _("For mentors"),
            _("The handoff brief before your week, and a reminder to leave a note at its end."),
            roles=frozenset({Role.THEME_MENTOR}),
        )
    )
    register_kind(
        Kind(
            key=MENTOR_BRIEF,
            category="mentors",
            template="mentoring/notifications/mentor_brief",
            recipients=mentor_brief_recipients,
            period=weekly,
            description=_("Two days before a week: its handoff brief to the week's mentors."),
        )
    )
    register_kind(
        Kind(
            key=HANDOFF_PROMPT,
            category="mentors",
            template="mentoring/notifications/handoff_prompt",
            recipients=handoff_prompt_recipients,
            period=weekly,
            description=_("A week's last day: a reminder to mentors who have not left a note."),
        )
    )
    for name, task, crontab, kind in [
        ("Mentoring: weekly missions", "send_weekly_missions", "0 9 * * 1", WEEKLY_MISSIONS),
        ("Mentoring: today's article", "send_daily_articles", "0 8 * * *", ARTICLES_DAILY),
        ("Mentoring: weekly article digest", "send_article_digest", "0 8 * * 1", ARTICLES_DIGEST),
        ("Mentoring: handoff brief", "send_mentor_briefs", "0 9 * * *", MENTOR_BRIEF),
        ("Mentoring: handoff note prompt", "send_handoff_prompts", "0 17 * * *", HANDOFF_PROMPT),
    ]:
        register_schedule(
            Schedule(name=name, task=f"mentoring.tasks.{task}", crontab=crontab, kind=kind)
        )
