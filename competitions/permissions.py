"""Who may see and change what in the competition mentoring track.

Outsiders (no role in the competition's cohort) get 404; members whose role does not allow an
action get 403; anonymous users never reach here (login_required). Students see only their own
team's sessions and notes, competition mentors only their teams', staff of the cohort everything.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from curriculum.models import Role
from curriculum.permissions import roles_in

from .models import Competition, Session, Team


def require_member(user, cohort_id):
    roles = roles_in(user, cohort_id)
    if not roles and not user.is_superuser:
        raise Http404("Not a member of this cohort")
    return roles


def is_cohort_staff(user, roles):
    return user.is_superuser or Role.STAFF in roles


def get_competition_for_staff(user, pk):
    """The competition, for staff of its cohort; 404 to outsiders, 403 to other members."""
    competition = get_object_or_404(Competition.objects.select_related("cohort"), pk=pk)
    if not is_cohort_staff(user, require_member(user, competition.cohort_id)):
        raise PermissionDenied
    return competition


def can_see_team(user, team, roles):
    if is_cohort_staff(user, roles):
        return True
    if team.members.filter(pk=user.pk).exists():
        return True
    return team.mentors.filter(pk=user.pk).exists()


def get_session_for_user(user, pk):
    """A session for its team, its mentors and cohort staff; 404 to everyone else, so other teams
    cannot even learn that it exists."""
    session = get_object_or_404(
        Session.objects.select_related("team", "competition__cohort", "mentor"), pk=pk
    )
    roles = require_member(user, session.competition.cohort_id)
    if not (session.mentor_id == user.pk or can_see_team(user, session.team, roles)):
        raise Http404("Not this user's session")
    session.viewer_roles = roles
    return session


def can_manage_session(user, session):
    return is_cohort_staff(user, session.viewer_roles)


def can_write_notes(user, session):
    if can_manage_session(user, session) or session.mentor_id == user.pk:
        return True
    return session.team.mentors.filter(pk=user.pk).exists()


def require_manager(user, session):
    if not can_manage_session(user, session):
        raise PermissionDenied


def require_note_writer(user, session):
    if not can_write_notes(user, session):
        raise PermissionDenied


def get_own_team(user, pk):
    """The team, for its members (who record its scores); 404 to outsiders, 403 to others."""
    team = get_object_or_404(Team.objects.select_related("competition"), pk=pk)
    require_member(user, team.competition.cohort_id)
    if not team.members.filter(pk=user.pk).exists():
        raise PermissionDenied
    return team
