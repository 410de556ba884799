"""What each cohort role may do in the admin, as Django groups and permissions.

Students never use the admin. Every other role logs into /admin/ (Django's `is_staff` flag means
"may open the admin" here); what they can see there comes from their role's group. Later features
add their own models to these lists.
"""

from django.contrib.auth.models import Group, Permission

from .models import Role

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)
ANSWER = ("view", "change")  # a question is read-only; "change" lets an answer be added inline

MENTOR_CONTENT = {
    "mentoring.mission": ALL,
    "mentoring.article": ALL,
    "mentoring.quiz": ALL,
    "mentoring.quizquestion": ALL,
    "mentoring.quizchoice": ALL,
    "mentoring.tag": ("add", "view"),
    "mentoring.boardquestion": ANSWER,
    "mentoring.boardanswer": ("add", "view"),
    "mentoring.quizattempt": VIEW,
    "mentoring.missionprogress": VIEW,
    "mentoring.handoffnote": ("add", "change", "view"),
}
# The lead instructor's own records: never theme or competition mentors.
LEAD_RECORDS = {
    "mentoring.studentnote": ALL,
    "mentoring.cohortnote": ALL,
    "mentoring.leadsession": ALL,
}

# What staff edit to run competition mentoring (sessions themselves are never deleted: cancelled).
COMPETITION_SCHEDULING = (
    "competitions.availabilitywindow",
    "competitions.livelecturehours",
    "competitions.sessionnote",
    "competitions.notetag",
    "competitions.scoreentry",
)

ROLE_PERMISSIONS = {
    Role.STAFF: {
        "accounts.user": ALL,
        "account.emailaddress": ALL,
        "curriculum.cohort": ALL,
        "curriculum.membership": ALL,
        "curriculum.phase": ALL,
        "curriculum.week": ALL,
        "curriculum.weekmentor": ALL,
        "curriculum.lecture": ALL,
        "curriculum.invitation": ALL,
        "competitions.competition": ALL,
        "competitions.team": ALL,
        "competitions.teammember": ALL,
        **dict.fromkeys(COMPETITION_SCHEDULING, ALL),
        "competitions.session": ("add", "change", "view"),
        **MENTOR_CONTENT,
        "mentoring.tag": ALL,
        "mentoring.handoffnote": ALL,
        **LEAD_RECORDS,
        "notifications.delivery": ("view", "change"),  # "change": resend a failed one
        "notifications.fanout": VIEW,
        # The reminders' times (notifications/admin.py shows staff only when a reminder runs and
        # whether it does). A new time is added, never edited in place: reminders share times.
        "django_celery_beat.periodictask": ("view", "change"),
        "django_celery_beat.crontabschedule": ("add", "view"),
    },
    Role.LEAD_INSTRUCTOR: {
        **dict.fromkeys(MENTOR_CONTENT, VIEW),
        "mentoring.boardquestion": ANSWER,
        "mentoring.boardanswer": ("add", "view"),
        "curriculum.cohort": VIEW,
        "curriculum.week": VIEW,
        "curriculum.lecture": VIEW,
        "competitions.competition": VIEW,
        "competitions.team": VIEW,
        **LEAD_RECORDS,
        "competitions.session": VIEW,
    },
    Role.THEME_MENTOR: {
        "curriculum.week": VIEW,
        "curriculum.lecture": VIEW,
        **MENTOR_CONTENT,
    },
    Role.COMPETITION_MENTOR: {
        "competitions.competition": VIEW,
        "competitions.team": VIEW,
        "competitions.session": VIEW,
        "competitions.sessionnote": ("add", "change", "view"),
        "competitions.notetag": ("add", "view"),
        "competitions.availabilitywindow": ALL,
    },
}


# Every role that logs into the admin (students never do).
ADMIN_ROLES = frozenset(ROLE_PERMISSIONS)


def group_name(role):
    # The role's value, not its translated label: the group must be the same in every language.
    return f"Baton: {Role(role).value}"


def _permissions_for(spec):
    wanted = {
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in spec.items()
        for action in actions
    }
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _codename in wanted}
    ).select_related("content_type")
    return [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]


def role_groups_sync():
    """Create or refresh one group per admin-using role; safe to run any number of times."""
    groups = {}
    for role, spec in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name(role))
        group.permissions.set(_permissions_for(spec))
        groups[role] = group
    return groups
