"""Production settings pass Django's deployment checks; a missing production value stops start-up.

Each case runs `manage.py check` in a fresh process, since settings are read once at start.
"""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")

# Only what a process needs to run; nothing of the test run's own settings leaks in.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


@pytest.fixture
def production_env(tmp_path):
    env = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="bootcamp.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        HTTPS="1",
        ALLOWED_HOSTS="baton.example.com",
        CACHE_URL="redis://127.0.0.1:6379/1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'baton.sqlite3'}",
    )
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_short_secret_key_fails_the_deployment_checks(production_env):
    production_env["SECRET_KEY"] = "short"

    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_missing_secret_key_with_debug_off_stops_with_a_clear_message(production_env):
    del production_env["SECRET_KEY"]

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_missing_cache_url_with_https_on_stops_with_a_clear_message(production_env):
    del production_env["CACHE_URL"]

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "CACHE_URL must be set in production" in result.stderr


def test_missing_allowed_hosts_with_debug_off_stops_with_a_clear_message(production_env):
    del production_env["ALLOWED_HOSTS"]

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_a_development_run_needs_no_production_values(production_env):
    for key in ("SECRET_KEY", "CACHE_URL", "ALLOWED_HOSTS", "HTTPS"):
        del production_env[key]
    production_env["DEBUG"] = "1"

    result = manage(production_env, "check")

    assert result.returncode == 0, result.stderr


def test_a_misspelt_boolean_stops_with_a_clear_message(production_env):
    production_env["DEBUG"] = "nope"

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_quiz_calibration_minimum_is_read_from_the_environment(production_env):
    production_env["QUIZ_CALIBRATION_MIN_ATTEMPTS"] = "8"
    show = "from django.conf import settings; print(settings.QUIZ_CALIBRATION_MIN_ATTEMPTS)"

    result = manage(production_env, "shell", "--no-imports", "-c", show)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8"


def test_every_environment_variable_of_the_settings_is_in_the_readme():
    source = (settings.BASE_DIR / "bootcamp" / "settings.py").read_text()
    names = set(re.findall(r"""(?:environ\.get|env_\w+)\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    readme = (settings.BASE_DIR / "README.md").read_text()
    table = readme.split("## Configuration")[1].split("\n## ")[0]

    assert names, "the settings read environment variables"
    assert sorted(name for name in names if f"`{name}`" not in table) == []
