"""Korean is the default language and English is complete: every string in the code and the
templates has a Korean translation, and the compiled catalogues match their sources."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {
    ".venv",
    ".git",
    "staticfiles",
    "static",
    "node_modules",
    "bench",
    "docs",
    "test-artifacts",
    "__pycache__",
}


def _copy_tree(target):
    def ignore(directory, names):
        return [name for name in names if name in SKIP_DIRS or name.endswith(".sqlite3")]

    shutil.copytree(ROOT, target, ignore=ignore)


def _untranslated(po):
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            done = entry.msgstr_plural and all(entry.msgstr_plural.values())
        else:
            done = bool(entry.msgstr)
        if not done or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing


@pytest.mark.i18n
def test_every_string_in_code_and_templates_has_a_korean_translation(tmp_path):
    tree = tmp_path / "tree"
    _copy_tree(tree)
    env = {**os.environ, "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-obsolete"],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(tree / "locale/ko/LC_MESSAGES/django.po"))
    assert len(po) > 100, "makemessages found suspiciously few strings"
    assert _untranslated(po) == []


@pytest.mark.parametrize("language", ["ko", "en"])
def test_compiled_messages_match_their_sources(language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        got = compiled.get((entry.msgctxt, entry.msgid))
        assert got is not None, f"{language}: {entry.msgid!r} is not compiled; run make messages"
        if entry.msgid_plural:
            assert {int(k): v for k, v in got[1].items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }
        else:
            assert got[0] == entry.msgstr
