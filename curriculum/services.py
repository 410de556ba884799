import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Cohort, Invitation, Membership
from .roles import ADMIN_ROLES, group_name, role_groups_sync


def user_sync_admin_access(*, user: User) -> None:
    """Give a user exactly the admin groups their roles call for, and admin access if any."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    wanted_names = {group_name(role) for role in roles & ADMIN_ROLES}
    if wanted_names and Group.objects.filter(name__in=wanted_names).count() < len(wanted_names):
        role_groups_sync()
    role_group_names = {group_name(role) for role in ADMIN_ROLES}
    user.groups.remove(*Group.objects.filter(name__in=role_group_names - wanted_names))
    user.groups.add(*Group.objects.filter(name__in=wanted_names))
    is_staff = bool(wanted_names) or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def membership_add(*, user: User, cohort: Cohort, role: str) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, cohort=cohort, role=role)
    user_sync_admin_access(user=user)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    user_sync_admin_access(user=user)


def parse_email_list(text: str) -> tuple[list[str], list[str]]:
    """Split pasted text (commas, semicolons, spaces, new lines) into valid and invalid emails."""
    valid, invalid, seen = [], [], set()
    for raw in text.replace(",", " ").replace(";", " ").split():
        email = raw.strip().strip("<>").lower()
        if not email or email in seen:
            continue
        seen.add(email)
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(raw)
        else:
            valid.append(email)
    return valid, invalid


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()


def _invitation_message(invitation: Invitation, connection) -> mail.EmailMultiAlternatives:
    existing = User.objects.filter(email__iexact=invitation.email).first()
    with translation.override(existing.language if existing else settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "url": invitation_url(invitation)}
        subject = render_to_string("curriculum/email/invitation_subject.txt", context).strip()
        text = render_to_string("curriculum/email/invitation.txt", context)
        html = render_to_string("curriculum/email/invitation.html", context)
    message = mail.EmailMultiAlternatives(
        subject, text, to=[invitation.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def invitations_send(*, invitation_ids: list[int]) -> int:
    invitations = Invitation.objects.filter(pk__in=invitation_ids).select_related("cohort")
    connection = mail.get_connection()
    messages = [_invitation_message(invitation, connection) for invitation in invitations]
    return connection.send_messages(messages) or 0


@transaction.atomic
def invitations_create(
    *, cohort: Cohort, role: str, emails: list[str], invited_by: User | None
) -> list[Invitation]:
    """Invite each email (already validated) to the cohort; re-inviting renews the open invite."""
    expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    invitations = []
    for email in emails:
        invitation, created = Invitation.objects.select_for_update().get_or_create(
            cohort=cohort,
            email=email.lower(),
            role=role,
            accepted_at__isnull=True,
            defaults={"expires_at": expires_at, "invited_by": invited_by},
        )
        if not created:
            invitation.expires_at = expires_at
            invitation.invited_by = invited_by
            invitation.save(update_fields=["expires_at", "invited_by"])
        invitations.append(invitation)
    ids = [invitation.pk for invitation in invitations]
    transaction.on_commit(lambda: invitations_send(invitation_ids=ids))
    return invitations


class InvitationError(Exception):
    pass


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation.problem()
    if problem:
        raise InvitationError(problem)
    if invitation.email.lower() != user.email.lower():
        raise InvitationError(_("This invitation is for another email address."))
    try:
        with transaction.atomic():
            membership = membership_add(user=user, cohort=invitation.cohort, role=invitation.role)
    except IntegrityError as error:
        # Another lead instructor was added at the same moment: the constraint decided.
        raise InvitationError(
            _("This cohort already has a lead instructor. Ask the staff about it.")
        ) from error
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership
