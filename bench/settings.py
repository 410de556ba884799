"""Baton's settings for the benchmark: the project's own, plus a URLconf with a baseline view.

`bench.run` sets the environment (a throwaway database, DEBUG off, plain HTTP on loopback) before
Django reads this module, in its own process and in gunicorn's. Nothing else changes, so the pages
run exactly the code and middleware they run in production.
"""

import copy
import warnings

from django.core.exceptions import ImproperlyConfigured

from bench import BENCH_DATABASE_NAME
from bootcamp import settings as project

globals().update({name: getattr(project, name) for name in dir(project) if name.isupper()})

ROOT_URLCONF = "bench.urls"

# Static files are served from the source folders, as in tests: no collected copy to warn about.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

TEMPLATES = copy.deepcopy(project.TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], project.BASE_DIR / "bench" / "templates"]

# The benchmark creates, fills and drops its database: never let that be a real one.
_name = str(project.DATABASES["default"]["NAME"])
if not (
    _name == BENCH_DATABASE_NAME or _name.endswith(f"/bench/out/{BENCH_DATABASE_NAME}.sqlite3")
):
    raise ImproperlyConfigured(
        f"bench.settings only runs on the benchmark's own database, not {_name!r}; "
        "start it with `python -m bench.run`."
    )
