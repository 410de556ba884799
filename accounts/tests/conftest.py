import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 costs about half a second a password here; the hasher is not what these tests test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts failed logins in the cache, which outlives a test: start each from zero."""
    cache.clear()
    yield
    cache.clear()
