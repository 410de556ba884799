"""What every app's forms share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The years a course's moments can fall in. Far outside (years 1 or 9999), adding a session's
# length or converting between time zones overflows Python's datetime, and a moment in year 1
# east of UTC is stored before year 1, which cannot be read back: a server error either way.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def within_course_years(value):
    """A validator for date and date-time fields."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )
