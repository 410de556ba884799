"""allauth adapter: signup is by invitation only.

Opening an invitation link puts its token in the session; only then is signup open, and only for
the invited address (checked by InvitationSignupForm). Signing up through the link proves the
address, so no verification email is needed, and accepts the invitation in the same step.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms
from django.utils.translation import gettext as _

from .models import Invitation
from .services import invitation_accept

SESSION_KEY = "baton_invitation_token"


def invitation_from_session(request):
    token = request.session.get(SESSION_KEY) if request is not None else None
    if not token:
        return None
    return Invitation.objects.select_related("cohort").filter(token=token).first()


class InvitationAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        invitation = invitation_from_session(request)
        return invitation is not None and invitation.is_usable

    def save_user(self, request, user, form, commit=True):
        user.language = getattr(request, "LANGUAGE_CODE", user.language)
        user = super().save_user(request, user, form, commit=commit)
        invitation = invitation_from_session(request)
        if commit and invitation is not None:
            invitation_accept(invitation=invitation, user=user)
            request.session.pop(SESSION_KEY, None)
        return user


class InvitationSignupForm(SignupForm):
    """allauth's signup form, for the invited address only."""

    def clean_email(self):
        email = super().clean_email()
        invitation = invitation_from_session(context.request)
        if invitation is None or not invitation.is_usable:
            raise forms.ValidationError(
                _("Signup is by invitation. Open the link in your invitation email.")
            )
        if invitation.email.lower() != email.lower():
            raise forms.ValidationError(
                _("This invitation is for %(email)s. Sign up with that address.")
                % {"email": invitation.email}
            )
        return email
