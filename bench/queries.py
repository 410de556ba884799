"""Counting the SQL queries of one request, in-process, through Django's test client."""

from django.conf import settings
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
    """The SQL of one request of `path` by `user` after a first, warming request; and the page."""
    client = logged_in_client(user)
    warm = client.get(path)
    expect_ok(warm.status_code, path, warm.get("Location", ""))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    expect_ok(response.status_code, path, response.get("Location", ""))
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


def session_cookie(user):
    """A logged-in session for `user`, as a Cookie header ("sessionid=...")."""
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={logged_in_client(user).cookies[name].value}"
