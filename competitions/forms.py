import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from curriculum.forms import CourseDateField, CourseDateTimeField

from .models import (
    NOTE_MAX,
    REASON_MAX,
    AvailabilityWindow,
    NoteTag,
    ScoreEntry,
    Session,
    SessionNote,
    Track,
)

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def length_hint(limit):
    """The hint under a text box the database limits, in the reader's language."""
    return format_lazy(_("At most {limit} characters."), limit=f"{limit:,}")


def reason_field(label, **kwargs):
    """A reason the team is shown (a late session's, a move's, a cancellation's): a sentence or
    two, with a counter of the characters left (static/js/baton.js)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=REASON_MAX,
        help_text=length_hint(REASON_MAX),
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": ""}),
        **kwargs,
    )


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
    late_reason = reason_field(_("Reason for a late session"))

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are drawn from the teams and their mentors (two queries); the querysets
        # only check what comes back.
        teams = list(competition.teams.prefetch_related("mentors").order_by("name"))
        self.fields["team"].queryset = competition.teams.order_by("name")
        self.fields["mentor"].queryset = mentors_of(competition)
        self.fields["team"].choices = [EMPTY_CHOICE, *((t.pk, _team_label(t)) for t in teams)]
        team = self._chosen_team(teams)
        self.fields["mentor"].choices = _mentor_choices(teams, team)
        if team is not None and not self.is_bound and team.mentors.all():
            self.initial.setdefault("mentor", team.mentors.all()[0].pk)
        # Choosing a team brings its own mentors to the top of the mentor list.
        self.fields["team"].widget.attrs.update(
            {
                "data-hx-get": reverse("competitions:board", kwargs={"pk": competition.pk}),
                "data-hx-trigger": "change",
                "data-hx-select": "#id_mentor",
                "data-hx-target": "#id_mentor",
                "data-hx-swap": "outerHTML",
            }
        )
        minutes = 60 if competition.package == "1x60" else 30
        self.fields["minutes"].initial = minutes

    def _chosen_team(self, teams):
        """The team the form is filled in for (posted, or asked for in the address), if any."""
        chosen = self.data.get(self.add_prefix("team")) if self.is_bound else None
        chosen = chosen or self.initial.get("team")
        return next((team for team in teams if str(team.pk) == str(chosen)), None)


EMPTY_CHOICE = ("", "---------")


def _team_label(team):
    mentors = ", ".join(mentor.display_name for mentor in team.mentors.all())
    if not mentors:
        return _("%(team)s · no mentor yet") % {"team": team.name}
    return f"{team.name} · {mentors}"


def _mentor_choices(teams, team):
    """Every mentor of the competition with the teams they coach; when a team is chosen, its own
    mentors come first, in a group of their own."""
    coached, mentors = {}, {}
    for each in teams:
        for mentor in each.mentors.all():
            mentors[mentor.pk] = mentor
            coached.setdefault(mentor.pk, []).append(each.name)
    ordered = sorted(mentors.values(), key=lambda mentor: mentor.display_name)
    choices = [(m.pk, f"{m.display_name} · {', '.join(coached[m.pk])}") for m in ordered]
    if team is None:
        return [EMPTY_CHOICE, *choices]
    own = {mentor.pk for mentor in team.mentors.all()}
    groups = [
        (_("Mentors of %(team)s") % {"team": team.name}, [c for c in choices if c[0] in own]),
        (_("Other mentors"), [c for c in choices if c[0] not in own]),
    ]
    return [EMPTY_CHOICE, *(group for group in groups if group[1])]


class RescheduleForm(forms.Form):
    starts_at = CourseDateTimeField(label=_("New start"), widget=DATETIME_WIDGET)
    reason = reason_field(_("Why it moves"))
    confirm_late = BookingForm.base_fields["confirm_late"]
    late_reason = BookingForm.base_fields["late_reason"]


class CancelForm(forms.Form):
    reason = reason_field(_("Why it is cancelled"))
    # The confirmation, without JavaScript: the browser asks for the box, and so does the server.
    confirm = forms.BooleanField(
        label=_("Yes, cancel this session. The team and the mentor are told."),
        error_messages={"required": _("Tick the box to confirm the cancellation.")},
    )

    def __init__(self, *args, **kwargs):
        # The session page shows this form beside the move form, which has a reason too.
        kwargs.setdefault("auto_id", "id_cancel_%s")
        super().__init__(*args, **kwargs)


class NoteForm(forms.ModelForm):
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=NoteTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose tags from the list."),
            "invalid_pk_value": _("Choose tags from the list."),
        },
    )

    class Meta:
        model = SessionNote
        fields = ["body", "tags", "is_tip"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "data-counter": ""})}
        help_texts = {"body": length_hint(NOTE_MAX)}


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
        self.competition = competition
        self.fields["mentor"].queryset = mentors_of(competition)
        self.fields["mentor"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("A window must end after it starts."))
        if start and end and end - start > datetime.timedelta(days=14):
            self.add_error("ends_at", _("A window can be at most two weeks long."))
        if start and end:
            window = AvailabilityWindow(competition=self.competition, starts_at=start, ends_at=end)
            try:
                window.clean()  # inside the competition
            except ValidationError as error:
                self.add_error(None, error)
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
