"""The project's URL patterns, walked once for every test that must hold for all of them (the
authorization matrix, the accessibility sweep's coverage)."""

from django.urls import URLPattern, URLResolver, get_resolver


def url_patterns(resolver=None, prefix="", namespace=""):
    """Every pattern under `resolver` (the project's urlconf by default), as (route, name); the
    name carries its namespaces ("mentoring:quiz"), None for an unnamed pattern."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry, prefix + str(entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name
