"""Validation messages: the Message type, and the catalog of wordings keyed by the codes fields and checks raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from contract_builder.bilingual import Bilingual


@dataclass(frozen=True)
class Message:
    """One problem with one field, worded in both languages."""

    field: str
    code: str
    text: Bilingual  # with the field's id, for answers files: 结束日期（term.end）：…
    level: Literal["error", "warning"] = "error"
    shown: Bilingual | None = None  # by label alone, for the form: 结束日期：…


# Each message completes "<field label>: ..."; {placeholders} come from FieldProblem params.
CATALOG: dict[str, Bilingual] = {
    "unknown_field": Bilingual(
        zh="不是本模板的字段，请检查拼写",
        en="is not a field of this template; check the spelling",
    ),
    "not_a_group": Bilingual(
        zh="是一组字段，应填写为映射（例如 name: ...）",
        en="is a group of fields and takes a mapping (such as name: ...)",
    ),
    "type_text": Bilingual(
        zh="应为文字；在 YAML 中，电话号码等数字请加引号",
        en="must be text; in YAML, put numbers such as phone numbers in quotes",
    ),
    "type_date": Bilingual(
        zh="应为日期，格式为 YYYY-MM-DD（例如 2026-01-31）",
        en="must be a date written YYYY-MM-DD (for example 2026-01-31)",
    ),
    "date_range": Bilingual(
        zh="日期应在 {min} 至 {max} 之间",
        en="must be a date between {min} and {max}",
    ),
    "type_money": Bilingual(
        zh="应为金额数字（例如 50000 或 50000.00）",
        en="must be an amount of money (for example 50000 or 50000.00)",
    ),
    "type_integer": Bilingual(
        zh="应为整数",
        en="must be a whole number",
    ),
    "not_whole": Bilingual(
        zh="应为整数，不能有小数",
        en="must be a whole number, without decimals",
    ),
    "type_percent": Bilingual(
        zh="应为百分比数字（例如 0.05 表示 0.05%）",
        en="must be a percentage (for example 0.05 for 0.05%)",
    ),
    "percent_range": Bilingual(
        zh="百分比应在 0 至 100 之间",
        en="must be a percentage between 0 and 100",
    ),
    "percent_precision": Bilingual(
        zh="百分比最多保留四位小数",
        en="may have at most four decimal places",
    ),
    "negative": Bilingual(
        zh="不能为负数",
        en="cannot be negative",
    ),
    "below_min": Bilingual(
        zh="不能小于 {min}",
        en="must be at least {min}",
    ),
    "above_max": Bilingual(
        zh="不能大于 {max}，请检查是否多输入了数字",
        en="must be at most {max}; check for extra digits",
    ),
    "type_toggle": Bilingual(
        zh="应为是或否（true / false）",
        en="must be yes or no (true / false)",
    ),
    "type_choice": Bilingual(
        zh="必须选择一项",
        en="must have one value chosen",
    ),
    "type_multi": Bilingual(
        zh="应为选项列表",
        en="must be a list of choices",
    ),
    "choice": Bilingual(
        zh="只能选择：{choices}",
        en="must be one of: {choices}",
    ),
    "multi_empty": Bilingual(
        zh="至少选择一项",
        en="needs at least one choice",
    ),
    "too_long": Bilingual(
        zh="不能超过 {max_length} 个字符",
        en="must be at most {max_length} characters long",
    ),
    "forbidden_char": Bilingual(
        zh="含有不能写入合同的字符（{char}），如换行符、控制字符或看不见的格式字符",
        en="contains a character that cannot go into a contract ({char}), such as a line break, a control "
        "character or an invisible formatting character",
    ),
    "excluded": Bilingual(
        zh="已填写，但{reason}",
        en="is set, but {reason}",
    ),
    "required_blank": Bilingual(
        zh="必填项尚未填写",
        en="is required and still blank",
    ),
}


def render_message(code: str, lang: str, params: dict[str, Any]) -> str:
    """The message for `code` in `lang`, with its placeholders filled in."""
    return CATALOG[code].get(lang).format(**params)
