"""The quiz admin's question form carries its choices, so a mentor writes a whole quiz (questions
and choices) on one page: Django's admin cannot nest inlines, so the choices are form fields."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.admin_base import InlineConstraintsForm

from .models import QuestionKind, QuizChoice, QuizQuestion

CHOICE_SLOTS = 5


def _choice_field(number):
    label = format_lazy("{} {}", _("Choice"), number)
    return forms.CharField(label=label, max_length=500, required=False)


class QuestionWithChoicesForm(InlineConstraintsForm):
    choice_1 = _choice_field(1)
    choice_2 = _choice_field(2)
    choice_3 = _choice_field(3)
    choice_4 = _choice_field(4)
    choice_5 = _choice_field(5)
    correct = forms.MultipleChoiceField(
        label=_("Correct choices"),
        choices=[(str(n), str(n)) for n in range(1, CHOICE_SLOTS + 1)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = QuizQuestion
        fields = ["order", "text", "kind", "difficulty", "explanation"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].initial = None
        self.fields["order"].help_text = _("Leave empty to keep the order on this page.")
        existing = list(self.instance.choices.order_by("order", "pk")) if self.instance.pk else []
        for slot, choice in enumerate(existing[:CHOICE_SLOTS], start=1):
            self.fields[f"choice_{slot}"].initial = choice.text
        self.fields["correct"].initial = [
            str(slot) for slot, choice in enumerate(existing, start=1) if choice.is_correct
        ]

    def filled_choices(self):
        return [
            (slot, self.cleaned_data.get(f"choice_{slot}", "").strip())
            for slot in range(1, CHOICE_SLOTS + 1)
            if self.cleaned_data.get(f"choice_{slot}", "").strip()
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") or cleaned.get("DELETE"):
            return cleaned
        filled = {slot for slot, _text in self.filled_choices()}
        correct = {int(slot) for slot in cleaned.get("correct") or []}
        if len(filled) < 2:
            raise forms.ValidationError(_("Give at least two choices."))
        if not correct:
            raise forms.ValidationError(_("Mark at least one choice as correct."))
        if not correct <= filled:
            raise forms.ValidationError(_("A choice marked correct is empty."))
        if cleaned.get("kind") == QuestionKind.SINGLE and len(correct) != 1:
            raise forms.ValidationError(
                _("A single-choice question has exactly one correct choice.")
            )
        return cleaned

    def save_choices(self):
        """Replace the question's choices by the ones in the form, keeping their order."""
        question = self.instance
        correct = {int(slot) for slot in self.cleaned_data.get("correct") or []}
        question.choices.all().delete()
        QuizChoice.objects.bulk_create(
            QuizChoice(question=question, order=order, text=text, is_correct=slot in correct)
            for order, (slot, text) in enumerate(self.filled_choices(), start=1)
        )
