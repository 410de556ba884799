"""Pages rendered once and served from the cache until something they show changes.

A page's body is cached under the fingerprint of the scopes it names (see extensions.py) over its
cohorts and, for a scope over users, over the viewer's rows: any change to a row the page shows,
made by any process, gives a new key, so nothing has to remember to invalidate it. The key also
carries the language, the time zone and the day, and whatever else the caller names (the
viewer's roles, the page's address...). An expiry bounds what no fingerprint covers (a renamed
account, the passing of time).

No session's CSRF token is ever stored: before a body goes into the cache, every token in it
becomes a placeholder, however deeply the form was rendered (a panel of another app, an include),
and each answer puts the reading session's own token in its place. A token kept in the cache
would be refused once its owner logged in again (a login rotates the token).
"""

import hashlib
import re

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .extensions import COHORT, fingerprint, is_personal

CSRF_PLACEHOLDER = "csrf-placeholder-7f3e9c1d"
# The hidden input of Django's {% csrf_token %}: its value is the token of whoever rendered it.
TOKEN_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')


def cached_body(request, *, name, cohorts, render, seconds, scopes=(COHORT,), parts=()):
    """The body `render()` returns, from the cache when nothing changed.

    `cohorts` are the cohorts whose rows (of the fingerprint `scopes`) the body shows; a scope
    over users makes the body the viewer's own. `render` returns the HTML, or a dict of HTML
    pieces (a title and a body), each of which comes back marked safe. `parts` is anything else
    the body depends on, compared by its repr."""
    cohort_ids = sorted({cohort.pk for cohort in cohorts})
    personal = is_personal(scopes)
    digest = fingerprint(cohort_ids, user_id=request.user.pk if personal else None, scopes=scopes)
    key = ":".join(
        [
            name,
            ",".join(map(str, cohort_ids)),
            str(request.user.pk) if personal else "-",
            translation.get_language(),
            timezone.get_current_timezone_name(),
            timezone.localdate().isoformat(),
            hashlib.sha256(repr(parts).encode()).hexdigest()[:16],
            digest,
        ]
    )
    value = cache.get(key)
    if value is None:
        value = _without_tokens(render())
        cache.set(key, value, seconds)
    if isinstance(value, dict):
        return {piece: _served(request, html) for piece, html in value.items()}
    return _served(request, value)


def _without_tokens(value):
    if isinstance(value, dict):
        return {piece: _without_tokens(html) for piece, html in value.items()}
    return TOKEN_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", value)


def _served(request, html):
    # Our own templates' output, escaped when rendered; the token is the session's own.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308
