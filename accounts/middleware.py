import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def language_for(request):
    """The user's saved language; before login the language cookie; otherwise Korean.

    The browser's Accept-Language is deliberately ignored: Baton is Korean first, and a page
    should not change language because of a browser setting the user never chose in Baton.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED_LANGUAGES:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED_LANGUAGES:
        return cookie
    return settings.LANGUAGE_CODE


def time_zone_for(request):
    user = getattr(request, "user", None)
    name = user.time_zone if user is not None and user.is_authenticated else settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class UserPreferencesMiddleware:
    """Activates the language and time zone the user chose, for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        request.LANGUAGE_CODE = language
        # Both are undone when the request ends: a page rendered outside this middleware (the 500
        # page when the database is down) must not inherit the last request of this thread.
        with translation.override(language), timezone.override(time_zone_for(request)):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
