"""Every page of the sweep (tests/a11y/pages.py), in Korean and in English, is valid HTML by the
W3C's Nu checker (vnu.jar from npm's `vnu-jar`, run on Java 17+). `make test` fetches the jar into
tests/vendor/vnu/ (it is too large to keep in git); without it or Java the test skips, and fails
under CI=true (the `vnu` marker of the root conftest.py)."""

import json
import subprocess

import pytest

from .pages import URLCONF, demo_pages, set_language
from .vnu import VNU_JAR

pytestmark = [pytest.mark.vnu, pytest.mark.django_db, pytest.mark.urls(URLCONF)]


def test_every_page_is_valid_html_in_both_languages(client, demo):
    client.raise_request_exception = False  # the 500 page, as a browser gets it
    documents = {}
    pages = demo_pages()
    for language in ("ko", "en"):
        set_language(language)
        for page in pages:
            client.logout()  # also forgets the cookies
            client.cookies["django_language"] = language
            if page.persona:
                client.force_login(_user(page.persona))
            response = client.get(page.path, follow=True)
            assert response.status_code == page.status, (page, language)
            assert response.request["PATH_INFO"] == (page.lands_on or page.path), (page, language)
            html = response.content.decode()
            assert f'<html lang="{language}"' in html, (page, language)
            documents[f"{language}: {page.name} {page.path}"] = html

    errors = _validate(documents)
    assert not errors, "Invalid HTML:\n" + "\n".join(errors)


def _user(email):
    from accounts.models import User

    return User.objects.get(email=email)


def _validate(documents, tmp=None):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = (label, html.splitlines())
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                *sorted(str(Path(folder) / f"page{i}.html") for i in range(len(documents))),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    messages = json.loads(result.stderr)["messages"]
    errors = []
    for message in messages:
        if message.get("type") != "error":
            continue
        url = message.get("url", "")
        label, lines = names.get(url.rsplit("/", 1)[-1], (url, []))
        line = message.get("lastLine")
        source = lines[line - 1].strip()[:160] if line and line <= len(lines) else ""
        errors.append(f"{label}:{line}: {message['message']}\n    {source}")
    return errors
