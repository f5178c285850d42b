"""Amounts of Renminbi: rounding, figures with separators, 大写 and English words."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
# The 大写 below handles up to 亿 groups; a contract amount of 一万亿 or more is
# treated as a typing mistake by validation long before it gets here.
MAX_AMOUNT = Decimal("999999999999.99")

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_SMALL_UNITS = ("", "拾", "佰", "仟")
_CAPITAL_GROUP_UNITS = ("", "万", "亿")


def round_fen(amount: Decimal | int | str) -> Decimal:
    """Round half-up to the fen, as a bank would, before any figure or 大写 is written."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def figure(amount: Decimal | int | str) -> str:
    """Write an amount as `1,234,567.89`: thousands separators, always two decimals."""
    return f"{round_fen(amount):,.2f}"


def _capital_group(digits: str) -> str:
    """大写 for one group of up to four digits; leading zeros become a single 零."""
    out: list[str] = []
    pending_zero = False
    width = len(digits)
    for index, char in enumerate(digits):
        digit = int(char)
        unit = _CAPITAL_SMALL_UNITS[width - index - 1]
        if digit == 0:
            pending_zero = True
            continue
        if pending_zero and out:
            out.append("零")
        pending_zero = False
        out.append(_CAPITAL_DIGITS[digit] + unit)
    return "".join(out)


def rmb_capital(amount: Decimal | int | str) -> str:
    """The Chinese financial capital form (大写) of an amount, under the PBOC rules.

    Rules followed (《正确填写票据和结算凭证的基本规定》): one 零 for a run of zeros
    between non-zero digits, also across 万/亿 boundaries; 零 after 元 when 角 is zero
    but 分 is not; 整 after 元 or 角 when there is no 分; 壹拾 rather than 拾. Where
    the rules leave a 零 optional we write it, once, as harder to alter.
    """
    value = round_fen(amount)
    if value < 0:
        raise ValueError("rmb_capital takes amounts of zero or more")
    if value > MAX_AMOUNT:
        raise ValueError(f"rmb_capital takes amounts up to {MAX_AMOUNT}")
    yuan = int(value)
    fen_total = int((value - yuan) * 100)
    jiao, fen = divmod(fen_total, 10)

    integer = _capital_integer(yuan)
    if yuan == 0 and fen_total == 0:
        return "零元整"
    out = integer + "元" if yuan else ""
    if jiao:
        # A zero in the 元 place before 角 may be written as one 零 (1680.32 →
        # 壹仟陆佰捌拾元零叁角贰分), but the rules allow only one 零 for it and an
        # earlier run of zeros together (107000.53 → 壹拾万零柒仟元伍角叁分).
        if yuan and yuan % 10 == 0 and "零" not in integer:
            out += "零"
        out += _CAPITAL_DIGITS[jiao] + "角"
    elif fen and yuan:
        out += "零"
    if fen:
        out += _CAPITAL_DIGITS[fen] + "分"
    else:
        out += "整"
    return out


def _capital_integer(yuan: int) -> str:
    """大写 for the whole-yuan part, grouped by 万 and 亿."""
    if yuan == 0:
        return ""
    text = str(yuan)
    groups: list[str] = []
    while text:
        groups.insert(0, text[-4:])
        text = text[:-4]
    out: list[str] = []
    pending_zero = False
    for index, group in enumerate(groups):
        unit = _CAPITAL_GROUP_UNITS[len(groups) - index - 1]
        if int(group) == 0:
            pending_zero = True
            continue
        # A group that starts with a zero (or follows an all-zero group) needs 零
        # before it, e.g. 壹万零伍 for 10005 and 壹亿零壹万 for 100010000.
        if out and (pending_zero or group.startswith("0")):
            out.append("零")
        out.append(_capital_group(group.lstrip("0") if out else group) + unit)
        pending_zero = group.endswith("0")
    return "".join(out)


_ONES = (
    "Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen "
    "Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen"
).split()
_TENS = "_ _ Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety".split()
_SCALES = ((10**9, "Billion"), (10**6, "Million"), (1000, "Thousand"))


def english_number(number: int) -> str:
    """Spell a whole number in English, title case, with "and" as British legal drafting writes
    amounts: 120,000 → `One Hundred and Twenty Thousand`, 1,024 → `One Thousand and Twenty-Four`."""
    if number < 0:
        raise ValueError("english_number takes numbers of zero or more")
    if number < 1000:
        return _below_thousand(number)
    parts = []
    for scale, name in _SCALES:
        if number >= scale:
            head, number = divmod(number, scale)
            parts.append(f"{_below_thousand(head)} {name}")
    if number:
        parts.append(f"and {_below_hundred(number)}" if number < 100 else _below_thousand(number))
    return " ".join(parts)


def _below_thousand(number: int) -> str:
    if number < 100:
        return _below_hundred(number)
    hundreds, rest = divmod(number, 100)
    return f"{_ONES[hundreds]} Hundred" + (f" and {_below_hundred(rest)}" if rest else "")


def _below_hundred(number: int) -> str:
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def rmb_words(amount: Decimal | int | str) -> str:
    """An amount in English words, as written beside figures: `Renminbi Ten Yuan and Five Fen Only`
    (review section C: "and" inside each hundred, no "Zero Yuan" before fen alone)."""
    value = round_fen(amount)
    if value < 0:
        raise ValueError("rmb_words takes amounts of zero or more")
    yuan = int(value)
    fen = int((value - yuan) * 100)
    if yuan and fen:
        return f"Renminbi {english_number(yuan)} Yuan and {english_number(fen)} Fen Only"
    if fen:  # under one yuan: `Renminbi Fifty Fen Only`, never `Zero Yuan and Fifty Fen`
        return f"Renminbi {english_number(fen)} Fen Only"
    return f"Renminbi {english_number(yuan)} Yuan Only"
