"""The interface strings: every one in both languages, and every one the pages ask for exists."""

from __future__ import annotations

import re

import yaml
from conftest import REPO

from webapp.strings import text

STRINGS = yaml.safe_load((REPO / "webapp" / "strings.yaml").read_text(encoding="utf-8"))


def test_every_string_has_both_languages_and_nothing_else() -> None:
    for key, pair in STRINGS.items():
        # A comma inside an unquoted flow mapping splits the English: {en: one click, for demos.}
        assert set(pair) == {"zh", "en"}, key
        assert all(isinstance(pair[lang], str) and pair[lang].strip() for lang in ("zh", "en")), key


def test_every_key_the_interface_uses_exists() -> None:
    sources = [*REPO.glob("pages/*.py"), *REPO.glob("webapp/*.py"), REPO / "app.py"]
    used = {key for path in sources for key in re.findall(r'\btext\("([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert used and used <= set(STRINGS)
    assert text("presets_help", "en").endswith("for demos.")
