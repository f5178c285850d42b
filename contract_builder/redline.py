"""The redline: two contracts of one template compared clause by clause, as a Document of changes.

Generic comparers diff two finished files; here both versions are clause trees
with ids, so clauses are matched by id, never by number: an inserted article
renumbers the ones after it without changing them, and a whole inserted or
deleted clause is one block. Inside a paragraph the words are compared as a
lawyer reads them: Chinese character by character (numbers and Latin words kept
whole), English word by word, then diff-match-patch's semantic clean-up merges a
scatter of one-character edits into the phrase that changed
(十五（15）个工作 → 三十（30）个自然, not 十→三, 五→十, …).

The result is a Document whose segments are `text`, `inserted` or `deleted` and
whose paragraphs and clauses say when all of them was inserted or deleted; the
renderers print it as Word tracked changes, <ins>/<del> or CriticMarkup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from diff_match_patch import diff_match_patch

from contract_builder.bilingual import Bilingual
from contract_builder.document import Clause, Document, Line, Paragraph, Segment, plain
from contract_builder.errors import ContractBuilderError
from contract_builder.numbering import reference_en, reference_zh

# What is compared as one unit: a Latin word (with its apostrophe), a number with its
# separators and percent sign, a run of spaces, or any other single character (one hanzi).
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*%?|\s+|.", re.S)
_FIRST_TOKEN_CODE = 0xF0000  # supplementary private use: each token of a comparison becomes one of these

_Item = TypeVar("_Item", Clause, Paragraph)


@dataclass(frozen=True)
class ClauseChange:
    """One clause that differs: `inserted`, `deleted` or `changed`, with its number in the version that has it."""

    id: str
    change: str
    reference: Bilingual
    heading: Bilingual | None


@dataclass(frozen=True)
class Redline:
    """The comparison: the changes as a Document (for any renderer) and the clauses that changed."""

    document: Document
    changes: tuple[ClauseChange, ...]
    parts_changed: tuple[Bilingual, ...] = ()  # the front matter and the signature block, when they differ

    @property
    def counts(self) -> dict[str, int]:
        tally = {"inserted": 0, "deleted": 0, "changed": 0}
        for change in self.changes:
            tally[change.change] += 1
        return tally


def diff_words(old: str, new: str) -> list[tuple[int, str]]:
    """(-1 deleted | 0 kept | 1 inserted, text) runs turning `old` into `new`, in reading units."""
    if old == new:
        return [(0, old)] if old else []
    vocabulary: dict[str, str] = {}

    def encode(text: str) -> str:
        codes = []
        for token in _TOKEN.findall(text):
            code = vocabulary.get(token)
            if code is None:
                code = vocabulary[token] = chr(_FIRST_TOKEN_CODE + len(vocabulary))
            codes.append(code)
        return "".join(codes)

    old_codes, new_codes = encode(old), encode(new)
    tokens = {code: token for token, code in vocabulary.items()}
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 0  # exact: a contract is small, and a timeout would make the result depend on load
    runs = matcher.diff_main(old_codes, new_codes, False)
    matcher.diff_cleanupSemantic(runs)
    return [(op, "".join(tokens[code] for code in codes)) for op, codes in runs if codes]


def compare(old: Document, new: Document) -> Redline:
    """The redline from `old` to `new`: two Documents of one template, in one edition."""
    if old.template_id != new.template_id:
        raise ContractBuilderError(
            Bilingual(
                zh=f"只能对比同一模板的合同：{old.template_id} 与 {new.template_id}",
                en=f"only contracts of one template can be compared: {old.template_id} and {new.template_id}",
            )
        )
    if old.edition != new.edition:
        raise ContractBuilderError(f"both contracts must be in one edition, not {old.edition} and {new.edition}")
    clauses = tuple(_merge(old.clauses, new.clauses, _compare_clauses, _whole_clause))
    front = tuple(_merge(old.front, new.front, _compare_paragraphs, _whole_paragraph))
    signature = tuple(_merge(old.signature, new.signature, _compare_paragraphs, _whole_paragraph))
    parts = [name for name, paragraphs in ((_FRONT, front), (_SIGNATURE, signature)) if any(map(_touched, paragraphs))]
    document = replace(new, front=front, clauses=clauses, signature=signature)
    return Redline(document=document, changes=tuple(_listed(clauses)), parts_changed=tuple(parts))


_FRONT = Bilingual(zh="首部（当事人信息）", en="the front matter (the parties)")
_SIGNATURE = Bilingual(zh="签署部分", en="the signature block")


def _merge(
    old: Sequence[_Item],
    new: Sequence[_Item],
    both: Callable[[_Item, _Item], _Item],
    whole: Callable[[_Item, str], _Item],
) -> list[_Item]:
    """Old and new siblings matched by id, in reading order; a deletion comes before an insertion at one place.

    A template fixes the order of its clauses and paragraphs, so the ids both versions
    hold come in the same order in each, and two cursors are enough."""
    new_ids = {item.id for item in new}
    old_ids = {item.id for item in old}
    merged: list[_Item] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and old[i].id not in new_ids:
            merged.append(whole(old[i], "deleted"))
            i += 1
        elif j < len(new) and new[j].id not in old_ids:
            merged.append(whole(new[j], "inserted"))
            j += 1
        else:
            merged.append(both(old[i], new[j]))
            i += 1
            j += 1
    return merged


def _whole_paragraph(paragraph: Paragraph, change: str) -> Paragraph:
    def whole(line: Line) -> Line:
        text = plain(line)
        return (Segment(change, text),) if text else ()  # type: ignore[arg-type]

    return replace(paragraph, zh=whole(paragraph.zh), en=whole(paragraph.en), change=change)


def _compare_paragraphs(old: Paragraph, new: Paragraph) -> Paragraph:
    if plain(old.zh) == plain(new.zh) and plain(old.en) == plain(new.en):
        return new
    return replace(new, zh=_diff_line(old.zh, new.zh), en=_diff_line(old.en, new.en))


_KINDS = {-1: "deleted", 0: "text", 1: "inserted"}
_CHANGES = ("inserted", "deleted")


def _diff_line(old: Line, new: Line) -> Line:
    """A paragraph's words, old to new. Where the template's wording is the same and only typed values
    differ, each changed value is replaced whole (a lawyer reads a new address as a new address, not as
    the characters two addresses happen to share); otherwise the words are compared."""
    if _shape(old) != _shape(new):
        return tuple(Segment(_KINDS[op], text) for op, text in diff_words(plain(old), plain(new)))  # type: ignore[arg-type]
    out: list[Segment] = []
    for before, after in zip(old, new, strict=True):
        if before.text == after.text:
            out.append(after)
        else:
            out += [Segment("deleted", before.text), Segment("inserted", after.text)]
    return tuple(out)


def _shape(line: Line) -> tuple[str, ...]:
    """The template's own words, with a slot where a value or a blank stands."""
    return tuple(segment.text if segment.kind == "text" else "\0" for segment in line)


def _whole_clause(clause: Clause, change: str) -> Clause:
    return replace(
        clause,
        paragraphs=tuple(_whole_paragraph(p, change) for p in clause.paragraphs),
        children=tuple(_whole_clause(child, change) for child in clause.children),
        change=change,
    )


def _compare_clauses(old: Clause, new: Clause) -> Clause:
    paragraphs = tuple(_merge(old.paragraphs, new.paragraphs, _compare_paragraphs, _whole_paragraph))
    children = tuple(_merge(old.children, new.children, _compare_clauses, _whole_clause))
    changed = any(_touched(p) for p in paragraphs) or any(child.change for child in children)
    return replace(new, paragraphs=paragraphs, children=children, change="changed" if changed else "")


def _touched(paragraph: Paragraph) -> bool:
    return bool(paragraph.change) or any(s.kind in _CHANGES for s in (*paragraph.zh, *paragraph.en))


def _listed(clauses: Sequence[Clause]) -> list[ClauseChange]:
    """The clauses that changed, outermost first: an inserted or deleted clause once, not its sub-clauses;
    a changed clause only where its own text changed (its changed sub-clauses are listed themselves)."""
    out = []
    for clause in clauses:
        own = clause.change in ("inserted", "deleted") or any(_touched(p) for p in clause.paragraphs)
        if own:
            reference = Bilingual(zh=reference_zh(clause.path), en=reference_en(clause.path))
            out.append(ClauseChange(clause.id, clause.change, reference, clause.heading))
        if clause.change not in ("inserted", "deleted"):
            out.extend(_listed(clause.children))
    return out


def summary_paragraphs(redline: Redline, old_name: Bilingual, new_name: Bilingual) -> tuple[Paragraph, ...]:
    """What a reader without Word needs first: what was compared, the legend, the clauses that changed.
    (The Word redline has none of it: accepting every change there must give exactly the new contract.)"""
    counts = redline.counts
    names = {"inserted": ("新增", "inserted"), "deleted": ("删除", "deleted"), "changed": ("修改", "changed")}
    listed_zh = "；".join(
        f"{c.reference.zh}{('（' + c.heading.zh + '）') if c.heading else ''}：{names[c.change][0]}"
        for c in redline.changes
    )
    listed_en = "; ".join(
        f"{c.reference.en}{(' (' + c.heading.en + ')') if c.heading else ''}: {names[c.change][1]}"
        for c in redline.changes
    )
    rows = [
        ("compared", f"对比：{old_name.zh} → {new_name.zh}", f"Compared: {old_name.en} → {new_name.en}"),
        (
            "legend",
            "图例：新增文字加下划线，删除文字加删除线。",
            "Legend: inserted text is underlined; deleted text is struck through.",
        ),
        (
            "counts",
            f"变更条款：新增 {counts['inserted']} 条，删除 {counts['deleted']} 条，修改 {counts['changed']} 条",
            f"Clauses changed: {counts['inserted']} inserted, {counts['deleted']} deleted, {counts['changed']} changed",
        ),
    ]
    parts_zh = "；".join(f"{part.zh}：修改" for part in redline.parts_changed)
    parts_en = "; ".join(f"{part.en}: changed" for part in redline.parts_changed)
    listed_zh = "；".join(filter(None, (parts_zh, listed_zh)))
    listed_en = "; ".join(filter(None, (parts_en, listed_en)))
    if listed_zh:
        rows.append(("changed", listed_zh + "。", listed_en[0].upper() + listed_en[1:] + "."))
    else:
        rows.append(("changed", "两份合同文字相同。", "The two contracts read the same."))
    return tuple(
        Paragraph(id=f"redline-{key}", zh=(Segment("text", zh),), en=(Segment("text", en),), style="field")
        for key, zh, en in rows
    )


def with_summary(redline: Redline, old_name: Bilingual, new_name: Bilingual) -> Document:
    """The redline with the summary before the parties: for HTML, PDF and Markdown."""
    document = redline.document
    return replace(document, front=(*summary_paragraphs(redline, old_name, new_name), *document.front))
