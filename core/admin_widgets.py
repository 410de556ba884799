"""Django's autocomplete widgets, safe to render with whatever was posted.

To show the label of a selected value, Django's AutocompleteSelect looks the value up in the
database. A value that is not an id at all (`team=abc`, a forged or garbled POST) makes that
lookup raise, so the form that should say "Select a valid choice" answers with a server error
instead. These widgets look up only the values the related field can hold; the others show as
nothing selected, beside the form's error. `AutocompleteInvalidInputMixin` puts them on every
autocomplete field of a ModelAdmin or inline.
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


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


class AutocompleteInvalidInputMixin:
    """For ModelAdmin and inline classes: autocomplete fields re-render invalid input."""

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
