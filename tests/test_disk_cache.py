"""What a fresh process finds on disk (disk_cache.py): compiled clause texts and loaded packages, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, example_answers

from contract_builder import catalog
from contract_builder.answers import require_valid
from contract_builder.assembly import assemble
from contract_builder.catalog import templates_root
from contract_builder.environment import clause_environment, compile_clause_text
from contract_builder.errors import TemplateError
from contract_builder.render.markdown import render_markdown


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "contract-builder"


def entries(cache: Path, kind: str) -> list[Path]:
    folder = cache / kind
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_compiled_text_is_kept_and_renders_as_a_fresh_compile(cache: Path) -> None:
    source = "{% if n > 1 %}{{ n }} 份{% else %}一份{% endif %}"
    first = compile_clause_text(source)
    (entry,) = entries(cache, "jinja")
    again = compile_clause_text(source)  # read back from the entry
    fresh = clause_environment().from_string(source)
    for n in (1, 4):
        assert first.render(n=n) == again.render(n=n) == fresh.render(n=n)
    entry.write_bytes(b"\x00 not code")  # damaged: compiled again, and the entry mended
    assert compile_clause_text(source).render(n=3) == "3 份"
    assert entry.read_bytes() != b"\x00 not code"


def test_a_text_that_does_not_compile_fails_and_is_not_kept(cache: Path) -> None:
    with pytest.raises(Exception, match="Expected an expression"):
        compile_clause_text("{% if %}")
    assert entries(cache, "jinja") == []


def copy_package(tmp_path: Path, template_id: str = "customer_service") -> Path:
    target = tmp_path / "templates" / template_id
    shutil.copytree(templates_root() / template_id, target)
    return target


def contract(template: object, example: str) -> str:
    answers = require_valid(template, example_answers("customer_service", example))  # type: ignore[arg-type]
    return render_markdown(assemble(template, answers, "bilingual"))  # type: ignore[arg-type]


def test_a_kept_package_makes_the_same_contracts_as_a_fresh_load(cache: Path, tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    fresh = catalog.load_template(package)
    (entry,) = entries(cache, "templates")
    kept = catalog.load_template(package)  # unpickled from the entry
    assert kept is not fresh and kept.fields == fresh.fields and kept.risks == fresh.risks
    for example in ("recommended", "shanghai_retail"):
        assert contract(kept, example) == contract(fresh, example)
    entry.write_bytes(b"damaged")
    assert contract(catalog.load_template(package), "recommended") == contract(fresh, "recommended")


def test_an_edited_package_is_loaded_afresh(cache: Path, tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    catalog.load_template(package)
    manifest = package / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("  zh: 客服工作服务合同", "  zh: 客服外包服务合同", 1), encoding="utf-8")
    assert catalog.load_template(package).title.zh == "客服外包服务合同"
    assert len(entries(cache, "templates")) == 2


def test_a_package_that_fails_to_load_is_never_kept(cache: Path, tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    manifest = package / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\nunknown_key: 1\n", "utf-8")
    for _ in range(2):
        with pytest.raises(TemplateError, match="unknown_key"):
            catalog.load_template(package)
    assert entries(cache, "templates") == []


def test_no_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    template = catalog.load_template(DATA / "templates" / "confidentiality_undertaking")
    assert template.id == "confidentiality_undertaking"
    assert compile_clause_text("{{ 1 + 1 }}").render() == "2"
