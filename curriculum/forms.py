from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EARLIEST_YEAR, LATEST_YEAR

from .models import Cohort, Role
from .services import parse_email_list

MAX_INVITES_AT_ONCE = 500


class CourseDateTimeField(forms.DateTimeField):
    """A date and time, refused as invalid outside EARLIEST_YEAR..LATEST_YEAR."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class CourseDateField(forms.DateField):
    """A date, refused as invalid outside EARLIEST_YEAR..LATEST_YEAR."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class InviteManyForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STUDENT)
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60}),
        max_length=50_000,
        help_text=_("Paste addresses separated by new lines, commas or spaces."),
    )

    def clean_emails(self):
        valid, invalid = parse_email_list(self.cleaned_data["emails"])
        if invalid:
            raise forms.ValidationError(
                _("These are not valid email addresses: %(emails)s"),
                params={"emails": ", ".join(invalid[:20])},
            )
        if not valid:
            raise forms.ValidationError(_("Enter at least one email address."))
        if len(valid) > MAX_INVITES_AT_ONCE:
            raise forms.ValidationError(
                _("At most %(count)d addresses at once."), params={"count": MAX_INVITES_AT_ONCE}
            )
        return valid
