import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from curriculum.forms import CourseDateField, CourseDateTimeField

from .models import NoteTag, ScoreEntry, Session, SessionNote, Track

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def mentors_of(competition):
    """Users who mentor at least one team of the competition, by name."""
    return User.objects.filter(mentored_teams__competition=competition).distinct().order_by("name")


class BookingForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    mentor = forms.ModelChoiceField(label=_("Competition mentor"), queryset=None)
    starts_at = CourseDateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        choices=[(30, _("30 minutes")), (60, _("60 minutes"))],
    )
    # The column's limit as a validator, not the input's maxlength: a browser would cut a pasted
    # link short without a word, and a broken link would reach the team.
    meeting_url = forms.URLField(
        label=_("Meeting link"),
        required=False,
        assume_scheme="https",
        validators=[MaxLengthValidator(Session._meta.get_field("meeting_url").max_length)],
    )
    confirm_late = forms.BooleanField(
        label=_("I know this is close to the deadline and book it anyway"), required=False
    )
    late_reason = forms.CharField(
        label=_("Reason for a late session"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = competition.teams.order_by("name")
        self.fields["mentor"].queryset = mentors_of(competition)
        self.fields["mentor"].label_from_instance = lambda user: user.display_name
        self.fields["team"].label_from_instance = lambda team: team.name
        minutes = 60 if competition.package == "1x60" else 30
        self.fields["minutes"].initial = minutes


class RescheduleForm(forms.Form):
    starts_at = CourseDateTimeField(label=_("New start"), widget=DATETIME_WIDGET)
    reason = forms.CharField(label=_("Why it moves"), required=False, max_length=500)
    confirm_late = BookingForm.base_fields["confirm_late"]
    late_reason = BookingForm.base_fields["late_reason"]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), required=False, max_length=500)


class NoteForm(forms.ModelForm):
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=NoteTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SessionNote
        fields = ["body", "tags", "is_tip"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class ScoreForm(forms.ModelForm):
    class Meta:
        model = ScoreEntry
        fields = ["recorded_on", "score", "rank"]
        field_classes = {"recorded_on": CourseDateField}
        widgets = {"recorded_on": forms.DateInput(attrs={"type": "date"})}


class AvailabilityForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Competition mentor"), queryset=None)
    starts_at = CourseDateTimeField(label=_("From"), widget=DATETIME_WIDGET)
    ends_at = CourseDateTimeField(label=_("Until"), widget=DATETIME_WIDGET)

    def __init__(self, *args, competition, **kwargs):
        # The board shows this form beside the booking form, whose fields have the same names.
        kwargs.setdefault("auto_id", "id_availability_%s")
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors_of(competition)
        self.fields["mentor"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("A window must end after it starts."))
        if start and end and end - start > datetime.timedelta(days=14):
            self.add_error("ends_at", _("A window can be at most two weeks long."))
        return data


class TipsFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        queryset=NoteTag.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All tags"),
    )
    track = forms.ChoiceField(
        label=_("Track"), choices=[("", _("All tracks")), *Track.choices], required=False
    )
