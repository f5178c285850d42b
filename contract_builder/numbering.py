"""Clause numbers and cross-references in the Chinese and English conventions.

Chinese contracts number 一、 / （一） / 1. / （1）; the English text numbers
1. / 1.1 / (a) / (i). A reference names the article, then the section, then
the item: 第四条第（二）款第1项 and Clause 4.2(a).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

_CN_DIGITS = "零一二三四五六七八九"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
MAX_DEPTH = 4


def chinese_numeral(number: int) -> str:
    """Lower-case Chinese numerals for 1–9999, as used in clause numbers: 11 → 十一."""
    if not 0 < number < 10000:
        raise ValueError(f"chinese_numeral takes 1 to 9999, not {number}")
    if number < 10:
        return _CN_DIGITS[number]
    if number < 20:
        return "十" + (_CN_DIGITS[number % 10] if number % 10 else "")
    out = ""
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += _CN_DIGITS[digit] + unit
    return out


def chinese_count(number: int) -> str:
    """A count before a measure word: 2 → 两 (两份), 12 → 十二; other numbers as numerals."""
    return "两" if number == 2 else chinese_numeral(number)


def english_letter(number: int) -> str:
    """a, b, …, z, aa, ab, … for the third English level."""
    if number < 1:
        raise ValueError("english_letter takes 1 or more")
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def roman(number: int) -> str:
    """Lower-case roman numerals for the fourth English level: 4 → iv."""
    if number < 1:
        raise ValueError("roman takes 1 or more")
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


@lru_cache(maxsize=1024)
def label_zh(path: tuple[int, ...]) -> str:
    """The Chinese label printed before a clause at this position: 一、 / （一） / 1. / （1）."""
    number = path[-1]
    match len(path):
        case 1:
            return f"{chinese_numeral(number)}、"
        case 2:
            return f"（{chinese_numeral(number)}）"
        case 3:
            return f"{number}."
        case 4:
            return f"（{number}）"
    raise ValueError(f"clauses nest at most {MAX_DEPTH} deep")


@lru_cache(maxsize=1024)
def label_en(path: tuple[int, ...]) -> str:
    """The English label printed before a clause at this position: 1. / 1.1 / (a) / (i)."""
    match len(path):
        case 1:
            return f"{path[0]}."
        case 2:
            return f"{path[0]}.{path[1]}"
        case 3:
            return f"({english_letter(path[2])})"
        case 4:
            return f"({roman(path[3])})"
    raise ValueError(f"clauses nest at most {MAX_DEPTH} deep")


def reference_zh(path: Sequence[int]) -> str:
    """How Chinese text cites a clause: 第四条, 第四条第（二）款, 第四条第（二）款第1项."""
    parts = [f"第{chinese_numeral(path[0])}条"]
    if len(path) > 1:
        parts.append(f"第（{chinese_numeral(path[1])}）款")
    if len(path) > 2:
        parts.append(f"第{path[2]}项")
    if len(path) > 3:
        parts.append(f"第（{path[3]}）目")
    return "".join(parts)


def reference_en(path: Sequence[int]) -> str:
    """How English text cites a clause: Clause 4, Clause 4.2, Clause 4.2(a), Clause 4.2(a)(i)."""
    text = f"Clause {path[0]}"
    if len(path) > 1:
        text += f".{path[1]}"
    if len(path) > 2:
        text += f"({english_letter(path[2])})"
    if len(path) > 3:
        text += f"({roman(path[3])})"
    return text
