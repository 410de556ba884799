"""What the project's admin classes build on, so that nothing a browser posts makes the admin
answer with a server error where Django's own classes would. `AdminInputMixin` goes on every
ModelAdmin (through the apps' admin bases) and inline (`TabularInline`, `StackedInline` here):

- Autocomplete fields. To show the label of a selected value, Django's AutocompleteSelect looks
  the value up in the database; a value that is not an id at all (`team=abc`, a forged or
  garbled POST) makes that lookup raise, so the form that should say "Select a valid choice"
  answers 500 instead. These widgets look up only the values the related field can hold.
- Dates. A date or time far outside the course's years (1, 9999) is refused: stored, it
  overflows when shown in another time zone, or cannot be read back at all.
- Inlines. Django leaves an inline's foreign key out of its forms' constraint checks, so a
  constraint that includes it (a team's name is unique in its competition) is checked only
  among the rows posted together: two rows swapping names, or a row the page did not show,
  reached the database as an IntegrityError. `InlineConstraintsForm` checks those constraints
  against the database.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import InlineForeignKeyField

from .forms import within_course_years


class _ValidValuesOnly:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._can_hold(v)], attr)

    def _can_hold(self, value):
        remote = self.field.remote_field
        to_field = getattr(remote, "field_name", None)  # a foreign key's; many-to-many: the pk
        opts = remote.model._meta
        target = opts.get_field(to_field) if to_field else opts.pk
        try:
            target.to_python(value)
        except ValidationError:
            return False
        return True


class AutocompleteSelect(_ValidValuesOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ValidValuesOnly, widgets.AutocompleteSelectMultiple):
    pass


class AdminInputMixin:
    """For ModelAdmin and inline classes: what the module's docstring says."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateField):  # and date-times
            formfield.validators = [*formfield.validators, within_course_years]
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class InlineConstraintsForm(forms.ModelForm):
    def validate_unique(self):
        super().validate_unique()
        keys = {
            name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)
        }
        model, exclude = type(self.instance), self._get_validation_exclusions()
        for constraint in model._meta.constraints:
            if keys & set(getattr(constraint, "fields", ())):
                try:
                    constraint.validate(model, self.instance, exclude=exclude)
                except ValidationError as error:
                    self._update_errors(error)


class TabularInline(AdminInputMixin, admin.TabularInline):
    form = InlineConstraintsForm


class StackedInline(AdminInputMixin, admin.StackedInline):
    form = InlineConstraintsForm
