"""The lock file pins every package the project installs, direct or transitive, at the version
installed here. `pip install -c requirements.lock` holds pip to those versions, but does not
refuse a package missing from the lock: this test is what keeps the lock complete."""

import re
from importlib import metadata
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)


def _requirements(path):
    """The requirements a file names, following `-r other.txt`."""
    for raw in (ROOT / path).read_text().splitlines():
        line = raw.split("#")[0].strip()
        if line.startswith("-r "):
            yield from _requirements(line.removeprefix("-r ").strip())
        elif line:
            yield Requirement(line)


def _installed_closure(requirements):
    """{name: version} of every distribution the requirements pull in, extras included."""
    found, todo = {}, [(req, set(req.extras)) for req in requirements]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if name in found and not extras:
            continue
        dist = metadata.distribution(req.name)
        found[name] = dist.version
        for dependency in map(Requirement, dist.requires or []):
            wanted = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if dependency.marker is None or any(dependency.marker.evaluate(e) for e in wanted):
                todo.append((dependency, set(dependency.extras)))
    return found


def _locked():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip()):
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_the_lock_pins_every_installed_dependency_at_its_installed_version():
    installed = _installed_closure(_requirements("requirements-dev.txt"))
    locked = _locked()

    assert {
        name: version for name, version in installed.items() if locked.get(name) != version
    } == {}


def test_the_lock_pins_nothing_the_project_does_not_install():
    installed = _installed_closure(_requirements("requirements-dev.txt"))

    assert sorted(set(_locked()) - set(installed)) == []
