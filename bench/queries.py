"""Counting the SQL queries of one request, in-process, through Django's test client."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class BenchError(Exception):
    """Something is wrong with the benchmark's set-up; the run stops and says what."""


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def expect_ok(status, path, location=""):
    if status == 200:
        return
    if status == 302 and "/accounts/login/" in location:
        raise BenchError(f"{path} redirected to the login page: the session is not logged in")
    raise BenchError(f"{path} answered {status} {location}".strip())


def page_queries(user, path):
    """The SQL of one request of `path` by `user` with the cache empty (cold) and of the same
    request right after it (warm), once a first request has warmed everything else; and the
    page. Where a page caches a fragment, the cold count is the full work; under load (the same
    students again and again) the warm one is what runs."""
    client = logged_in_client(user)
    first = client.get(path)
    expect_ok(first.status_code, path, first.get("Location", ""))
    counts = {}
    for kind in ("cold", "warm"):
        if kind == "cold":
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        expect_ok(response.status_code, path, response.get("Location", ""))
        counts[kind] = [query["sql"] for query in captured.captured_queries]
    return counts, response.content.decode()


def session_cookie(user):
    """A logged-in session for `user`, as a Cookie header ("sessionid=...")."""
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={logged_in_client(user).cookies[name].value}"
