from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class PreferencesForm(forms.Form):
    """One "by email" box per category, and a frequency where the category offers one."""

    def __init__(self, *args, categories, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for category in categories:
            preference = preferences.get(category.key)
            email_field = f"email_{category.key}"
            self.fields[email_field] = forms.BooleanField(
                label=_("Send me emails"),
                required=False,
                initial=preference.email if preference else True,
            )
            fields = [email_field]
            if category.has_frequency:
                frequency_field = f"frequency_{category.key}"
                self.fields[frequency_field] = forms.ChoiceField(
                    label=_("How often"),
                    choices=Frequency.choices,
                    widget=forms.RadioSelect,
                    initial=preference.frequency if preference else Frequency.DAILY,
                )
                fields.append(frequency_field)
            self.sections.append((category, [self[name] for name in fields]))

    def choices(self):
        """{category: (email, frequency or None)} from the cleaned data."""
        return {
            category.key: (
                self.cleaned_data[f"email_{category.key}"],
                self.cleaned_data.get(f"frequency_{category.key}"),
            )
            for category, _fields in self.sections
        }
