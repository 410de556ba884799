"""Where to send someone back to after a form: the page they came from, if it is ours."""

from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request, fallback):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    # Only a path or a full URL of this site: a bare word ("0") would make redirect() look it
    # up as a view name and fail with a server error.
    if target.startswith(("/", "http://", "https://")) and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback
