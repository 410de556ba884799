"""Forms of the continuity pages: the handoff note, private notes, the lead's note on the
cohort, the lead instructor's sessions, and the radar's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from curriculum.forms import CourseDateTimeField
from curriculum.models import Role

from .continuity_models import CohortNote, HandoffNote, LeadSession, SessionKind, StudentNote
from .levels import BANDS


class HandoffNoteForm(forms.ModelForm):
    class Meta:
        model = HandoffNote
        fields = ["went_well", "struggled", "pick_up", "about_students"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in self.Meta.fields):
            raise forms.ValidationError(_("Write at least one part of the note."))
        return cleaned


class StudentNoteForm(forms.ModelForm):
    class Meta:
        model = StudentNote
        fields = ["topic", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class CohortNoteForm(forms.ModelForm):
    class Meta:
        model = CohortNote
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class LeadSessionForm(forms.ModelForm):
    class Meta:
        model = LeadSession
        fields = ["kind", "student", "topic", "starts_at", "duration_minutes"]
        field_classes = {"starts_at": CourseDateTimeField}
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = User.objects.filter(
            memberships__cohort=cohort, memberships__role=Role.STUDENT
        ).order_by("name", "email")
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        kind, student = cleaned.get("kind"), cleaned.get("student")
        if kind == SessionKind.ONE_TO_ONE and student is None:
            self.add_error("student", _("Choose the student for a one-to-one session."))
        if kind == SessionKind.GROUP and student is not None:
            self.add_error(
                "student", _("A group session is for the whole cohort: leave the student empty.")
            )
        return cleaned


class LeadSessionSummaryForm(forms.ModelForm):
    class Meta:
        model = LeadSession
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError(_("Write a short summary of the session."))
        return summary


class RadarFilterForm(forms.Form):
    SORTS = [
        ("name", _("Name")),
        ("level", _("Level, lowest first")),
        ("-level", _("Level, highest first")),
        ("activity", _("Quiet the longest first")),
        ("completion", _("Mission completion, lowest first")),
        ("trend", _("Quiz trend, falling first")),
    ]
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    band = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *BANDS.items()]
    )
    inactive = forms.BooleanField(label=_("Inactive for five days only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
