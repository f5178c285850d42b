"""Clause labels and references in both numbering conventions."""

import pytest

from contract_builder.numbering import (
    chinese_count,
    chinese_numeral,
    english_letter,
    label_en,
    label_zh,
    reference_en,
    reference_zh,
    roman,
)


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (100, "一百"), (101, "一百零一"),
     (110, "一百一十"), (1005, "一千零五")],
)  # fmt: skip
def test_chinese_numeral(number: int, text: str) -> None:
    assert chinese_numeral(number) == text


def test_chinese_count_uses_liang_for_two() -> None:
    assert chinese_count(2) == "两"
    assert chinese_count(1) == "一"
    assert chinese_count(12) == "十二"


def test_letters_and_roman() -> None:
    assert [english_letter(n) for n in (1, 26, 27, 52)] == ["a", "z", "aa", "az"]
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1994)] == ["i", "iv", "ix", "xiv", "xl", "mcmxciv"]


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [((4,), "四、", "4."), ((4, 2), "（二）", "4.2"), ((6, 1, 3), "3.", "(c)"), ((3, 1, 2, 4), "（4）", "(iv)")],
)
def test_labels(path: tuple[int, ...], zh: str, en: str) -> None:
    assert label_zh(path) == zh
    assert label_en(path) == en


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        ((5,), "第五条", "Clause 5"),
        ((1, 2), "第一条第（二）款", "Clause 1.2"),
        ((6, 2, 3), "第六条第（二）款第3项", "Clause 6.2(c)"),
        ((3, 1, 2, 4), "第三条第（一）款第2项第（4）目", "Clause 3.1(b)(iv)"),
    ],
)
def test_references(path: tuple[int, ...], zh: str, en: str) -> None:
    assert reference_zh(path) == zh
    assert reference_en(path) == en


def test_depth_is_limited() -> None:
    with pytest.raises(ValueError):
        label_zh((1, 1, 1, 1, 1))
