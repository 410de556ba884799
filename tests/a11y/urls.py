"""The project's URLs plus one view that fails, so the sweep sees the real 500 page: Django's
own handler (bootcamp.urls' handler500 if it sets one) renders it, with DEBUG off, exactly as for
a bug in production; and one that shows the page of a form refused for being out of date (a
POST whose CSRF token is stale), with typed text, as the CSRF check shows it. Used only through
`pytest.mark.urls("tests.a11y.urls")`."""

from django.http import QueryDict
from django.urls import path
from django.views import defaults

from bootcamp import urls as project
from core.views import csrf_failure

SERVER_ERROR_PATH = "/__tests__/server-error/"
CSRF_FAILURE_PATH = "/__tests__/form-out-of-date/"


def fail(request):
    raise RuntimeError("A deliberate failure: the sweep looks at the 500 page.")


def refuse_a_stale_form(request):
    request.POST = QueryDict(
        "title=BERT는 GPT 이후에도 쓸모가 있을까요?&body=서비스 관점에서 궁금합니다."
    )
    return csrf_failure(request)


urlpatterns = [
    path(SERVER_ERROR_PATH.strip("/") + "/", fail, name="a11y_server_error"),
    path(CSRF_FAILURE_PATH.strip("/") + "/", refuse_a_stale_form, name="a11y_csrf_failure"),
    *project.urlpatterns,
]

# The project's error handlers, so this urlconf answers errors as bootcamp.urls does.
handler400 = getattr(project, "handler400", defaults.bad_request)
handler403 = getattr(project, "handler403", defaults.permission_denied)
handler404 = getattr(project, "handler404", defaults.page_not_found)
handler500 = getattr(project, "handler500", defaults.server_error)
