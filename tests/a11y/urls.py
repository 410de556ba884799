"""The project's URLs plus one view that fails, so the sweep sees the real 500 page: Django's
own handler (bootcamp.urls' handler500 if it sets one) renders it, with DEBUG off, exactly as for
a bug in production. Used only through `pytest.mark.urls("tests.a11y.urls")`."""

from django.urls import path
from django.views import defaults

from bootcamp import urls as project

SERVER_ERROR_PATH = "/__tests__/server-error/"


def fail(request):
    raise RuntimeError("A deliberate failure: the sweep looks at the 500 page.")


urlpatterns = [
    path(SERVER_ERROR_PATH.strip("/") + "/", fail, name="a11y_server_error"),
    *project.urlpatterns,
]

# The project's error handlers, so this urlconf answers errors as bootcamp.urls does.
handler400 = getattr(project, "handler400", defaults.bad_request)
handler403 = getattr(project, "handler403", defaults.permission_denied)
handler404 = getattr(project, "handler404", defaults.page_not_found)
handler500 = getattr(project, "handler500", defaults.server_error)
