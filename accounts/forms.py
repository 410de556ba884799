import zoneinfo

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class LoginForm(AllauthLoginForm):
    """allauth's login, in Baton's words: there are no IDs, only email addresses ("Remember
    me" reads "아이디 저장" in allauth's Korean)."""

    remember = forms.BooleanField(label=_("Keep me logged in"), required=False)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["name", "language", "time_zone"]
        labels = {"name": _("Name"), "language": _("Language")}
