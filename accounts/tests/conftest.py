import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts failed logins in the cache, which outlives a test: start each from zero."""
    cache.clear()
    yield
    cache.clear()
