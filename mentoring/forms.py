from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum.models import Phase, Week

from .models import BoardAnswer, BoardQuestion


class ReadingListFilterForm(forms.Form):
    SHOW = [("saved", _("My reading list")), ("all", _("All articles"))]
    STATE = [("", _("Read and unread")), ("unread", _("Unread")), ("read", _("Read"))]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    phase = forms.ModelChoiceField(
        label=_("Phase"), queryset=Phase.objects.none(), required=False, empty_label=_("All phases")
    )
    week = forms.ModelChoiceField(
        label=_("Week"), queryset=Week.objects.none(), required=False, empty_label=_("All weeks")
    )
    state = forms.ChoiceField(label=_("State"), choices=STATE, required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.filter(cohort=cohort).order_by("order")
        weeks = Week.objects.filter(cohort=cohort).select_related("phase").order_by("number")
        self.fields["week"].queryset = weeks
        self.fields["week"].label_from_instance = lambda week: f"{week.label} · {week.theme_label}"


class BoardQuestionForm(forms.ModelForm):
    class Meta:
        model = BoardQuestion
        fields = ["title", "body", "is_anonymous"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class BoardAnswerForm(forms.ModelForm):
    class Meta:
        model = BoardAnswer
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
