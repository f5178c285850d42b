"""大写 and figures: the PBOC rules for writing amounts, and English words."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_builder.money import MAX_AMOUNT, english_number, figure, rmb_capital, rmb_words, round_fen


@pytest.mark.parametrize(
    ("amount", "capital"),
    [
        # The cases the issue names.
        ("10005", "壹万零伍元整"),
        ("1000000.07", "壹佰万元零柒分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("1.999", "贰元整"),  # rounded half-up to the fen first, never truncated to 壹元玖角玖分
        # Examples from 《正确填写票据和结算凭证的基本规定》.
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万零柒仟元伍角叁分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        # Zeros, 角 without 分, and the 壹拾 form.
        ("0", "零元整"),
        ("0.5", "伍角整"),
        ("0.05", "伍分"),
        ("0.005", "壹分"),
        ("0.004", "零元整"),
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("110", "壹佰壹拾元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("58000", "伍万捌仟元整"),
        ("120000.50", "壹拾贰万元零伍角整"),
        ("50001000", "伍仟万零壹仟元整"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000005", "壹亿零伍元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("2.35", "贰元叁角伍分"),
        ("2.345", "贰元叁角伍分"),  # half-up, not banker's rounding
        ("2.30", "贰元叁角整"),
    ],
)
def test_rmb_capital(amount: str, capital: str) -> None:
    assert rmb_capital(Decimal(amount)) == capital


def test_rmb_capital_refuses_negative_and_absurd_amounts() -> None:
    with pytest.raises(ValueError):
        rmb_capital(Decimal("-1"))
    with pytest.raises(ValueError):
        rmb_capital(MAX_AMOUNT + Decimal("0.01"))


@pytest.mark.parametrize(
    ("amount", "text"),
    [("0", "0.00"), ("1234567.891", "1,234,567.89"), ("58000", "58,000.00"), ("0.005", "0.01")],
)
def test_figure(amount: str, text: str) -> None:
    assert figure(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "Zero"),
        (13, "Thirteen"),
        (45, "Forty-Five"),
        (100, "One Hundred"),
        (1024, "One Thousand and Twenty-Four"),
        (1_000_000, "One Million"),
        (120_000, "One Hundred and Twenty Thousand"),
        (120_000_050, "One Hundred and Twenty Million and Fifty"),
        (1_001_100, "One Million One Thousand One Hundred"),
        (999_999_999_999, "Nine Hundred and Ninety-Nine Billion Nine Hundred and Ninety-Nine Million Nine Hundred "
         "and Ninety-Nine Thousand Nine Hundred and Ninety-Nine"),
    ],
)  # fmt: skip
def test_english_number(number: int, words: str) -> None:
    assert english_number(number) == words


def test_rmb_words() -> None:
    assert rmb_words(Decimal("58000")) == "Renminbi Fifty-Eight Thousand Yuan Only"
    assert rmb_words(Decimal("1680.32")) == "Renminbi One Thousand Six Hundred and Eighty Yuan and Thirty-Two Fen Only"
    assert rmb_words(Decimal("120000.5")) == "Renminbi One Hundred and Twenty Thousand Yuan and Fifty Fen Only"
    assert rmb_words(Decimal("0.50")) == "Renminbi Fifty Fen Only"
    assert rmb_words(Decimal("0")) == "Renminbi Zero Yuan Only"


_DIGITS = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True))
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def _parse_capital(text: str) -> Decimal:
    """An independent reader of 大写, to check rmb_capital by round trip."""
    text = text.removesuffix("整")
    yuan_part, _, fraction = text.partition("元") if "元" in text else ("", "", text)
    total = 0
    section = 0
    digit = 0
    for char in yuan_part:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL:
            section += digit * _SMALL[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    total += section + digit
    fen = 0
    fraction = fraction.lstrip("零")
    if "角" in fraction:
        head, _, fraction = fraction.partition("角")
        fen += _DIGITS[head] * 10
    if "分" in fraction:
        fen += _DIGITS[fraction.removesuffix("分")]
    return Decimal(total) + Decimal(fen) / 100


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False))
def test_rmb_capital_round_trips(amount: Decimal) -> None:
    capital = rmb_capital(amount)
    assert _parse_capital(capital) == round_fen(amount)
    assert "零零" not in capital
    assert capital.endswith(("整", "分"))
    assert not capital.startswith("零") or capital == "零元整"
    # No 整 after 分 (the rule), and 整 whenever there is no 分.
    assert capital.endswith("分") == (round_fen(amount) * 100 % 10 != 0)
