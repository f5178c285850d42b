"""Download file names: the template, the parties and the date, Chinese names kept."""

from __future__ import annotations

import datetime as dt
import re

from contract_builder.answers import Answers, with_fallback
from contract_builder.bilingual import edition_languages
from contract_builder.templates import ContractTemplate

# Characters no common file system or browser download accepts, and controls.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_MAX_PART = 40


def _part(text: str) -> str:
    text = _UNSAFE.sub("-", text).strip(" .-")
    return text[:_MAX_PART].strip(" .-")


def download_name(
    template: ContractTemplate, answers: Answers, edition: str, extension: str, today: dt.date | None = None
) -> str:
    """`客服工作服务合同_甲方名称_乙方名称_2026-11-25_bilingual.md`, parties left out while blank."""
    lang = edition_languages(edition)[0]
    # The manifest's `file_name` fields; the English edition names the parties as it prints
    # them, in English where given, else through each field's fallback (the Chinese name).
    names = [with_fallback(template, answers, field_id) for field_id in template.file_name.get(lang, ())]
    parts = [_part(template.title.get(lang)), *(_part(name) for name in names if name)]
    parts.append((today or dt.date.today()).isoformat())
    parts.append(edition)
    return "_".join(part for part in parts if part) + f".{extension}"
