"""The Chinese text is faithful to the seed: every sentence of it is in the default contract.

The seed (templates/customer_service/source/seed.txt) was scraped from a document
site: converted to Traditional characters, with pinyin after some characters and
site boilerplate around it. We undo that here, independently of the template,
and look for each of its sentences in what we render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import zhconv
import zhconv.zhconv

from contract_builder.catalog import get_template
from contract_builder.document import Document, plain

SEED = get_template("customer_service").path / "source" / "seed.txt"
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
# Bytes the scrape garbled beyond conversion, and what the words were.
SEED_REPAIRS = {"確??头F隊": "確保客服團隊"}
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": ""})
# Where the seed starts a clause: 一、 (一) 1.
_CLAUSE_MARK = re.compile(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]）|\d\.")


def seed_contract() -> str:
    """The seed's contract text, in clean Simplified Chinese, without the site's boilerplate."""
    text = SEED.read_text(encoding="utf-8")
    body = text.split("文檔簡介", 1)[1].split("溫馨提示", 1)[0].strip()
    for garbled, words in SEED_REPAIRS.items():
        assert garbled in body
        body = body.replace(garbled, words)
    # By full path, so zhconv reads its dictionary with a closed file (its default leaks one).
    zhconv.loaddict(str(Path(zhconv.zhconv.__file__).with_name("zhcdict.json")))
    body = zhconv.convert(_PINYIN.sub("", body), "zh-cn")
    return body.translate(_HALF_TO_FULL)


def normalise_blanks(text: str) -> str:
    """One _ for every blank: the seed's ______, [x] and [x%] and our blank lines alike."""
    text = text.replace("[x%]", "_%").replace("[x]", "_")
    return re.sub(r"_+", "_", text)


def seed_sentences() -> list[str]:
    body = normalise_blanks(seed_contract())
    title, body = body.split("甲方", 1)
    assert title == "客服工作合同协议模板"
    body = "甲方" + body
    parts = re.split(r"[。；：]", _CLAUSE_MARK.sub("。", body))
    return [part for part in (p.strip() for p in parts) if part]


def document_text(document: Document) -> str:
    """Headings and paragraphs run together without clause labels, as the seed prints them."""
    pieces = [plain(p.zh) for p in document.front]
    for clause in document.walk():
        if clause.heading:
            pieces.append(clause.heading.zh)
        pieces += [plain(p.zh) for p in clause.paragraphs]
    pieces += [plain(p.zh) for p in document.signature]
    return normalise_blanks("".join(pieces))


def test_seed_is_read_as_expected() -> None:
    sentences = seed_sentences()
    assert len(sentences) > 80
    assert any("中华人民共和国民法典" in s for s in sentences)  # converted to Simplified
    assert not any(_PINYIN.search(s) for s in sentences)


def test_every_seed_sentence_is_in_the_default_contract(build: Callable[..., Document]) -> None:
    ours = document_text(build(edition="zh"))
    missing = [sentence for sentence in seed_sentences() if sentence not in ours]
    assert missing == []


def test_default_contract_adds_nothing_but_the_signature_dates(build: Callable[..., Document]) -> None:
    # Under default options nothing beyond the seed appears, except the date lines
    # of the signature block (the seed is cut off there).
    seed = seed_contract()
    extra = [
        plain(p.zh)
        for clause in build(edition="zh").walk()
        for p in clause.paragraphs
        if normalise_blanks(plain(p.zh))[:12] not in normalise_blanks(seed)
    ]
    assert extra == []
