"""Chinese article numerals as the measures write them: 第十一条, 第二十条, 第一百零五条."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUES = {ch: i for i, ch in enumerate(_DIGITS)} | {"〇": 0, "两": 2}


def to_chinese(number: int) -> str:
    """``11`` → ``十一``, ``20`` → ``二十``, ``105`` → ``一百零五`` (1..999)."""
    if not 1 <= number <= 999:
        raise ValueError(f"条号 {number} 超出 1..999")
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return text + "零" + _DIGITS[ones]
    if tens:
        # 十一 stands alone, but after 百 the ten is written out: 一百一十
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        text += _DIGITS[ones]
    return text


def from_chinese(text: str) -> int:
    """``十一`` → ``11``, ``一百零五`` → ``105``; anything else raises ``ValueError``."""
    if not text or any(ch not in _VALUES and ch not in "十百" for ch in text):
        raise ValueError(f"{text!r} 不是中文数字")
    total = 0
    current = 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _VALUES[ch]
    return total + current


def article_label(number: int) -> str:
    """``11`` → ``第十一条``."""
    return f"第{to_chinese(number)}条"
