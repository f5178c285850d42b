"""Answers files read safely: YAML or JSON from anyone, within limits that keep a hostile file cheap.

Every door that takes an answers file (the CLI's --answers, an upload in the
app, a template's examples) reads it here. A file is at most 256 KB; YAML
anchors and aliases are refused, because expanding aliased mappings grows ten-fold per level
(a 564-byte file took 21 s and 750 MB); nesting and the number of entries are
capped; dates stay text, so an impossible date such as 2026-02-30 reaches the
date field and gets its own message; numbers too long to be an answer stay
text too. Whatever goes wrong is an AnswersFileError with a one-line message in
both languages, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from contract_builder.bilingual import Bilingual
from contract_builder.errors import AnswersFileError

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16  # an answers file is two or three levels deep (party_a: {name: ...})
MAX_ENTRIES = 5000  # keys, values and list items together; a full answer set has about 150
MAX_DIGITS = 40  # a number longer than this stays text, and the field says it is too large
_ECHO = 80  # the most of a file name or key a message repeats


def shorten(text: str, limit: int = _ECHO) -> str:
    """`text` cut to `limit` characters, keeping its start and its end (a file's name), for echoing
    what a user supplied."""
    if len(text) <= limit:
        return text
    tail = limit // 2
    return text[: limit - tail - 1] + "…" + text[-tail:]


class _Refused(Exception):
    """Why the loader stopped, in both languages, with the line where it stopped."""

    def __init__(self, reason: Bilingual, mark: Any = None) -> None:
        super().__init__(reason.en)
        self.reason, self.line = reason, (mark.line + 1 if mark is not None else None)


class _AnswersLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, with depth and size limits, reading dates as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._entries = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                Bilingual(
                    zh=f"使用了 YAML 别名（*{shorten(event.anchor, 30)}），请把每个值完整写出",
                    en=f"uses a YAML alias (*{shorten(event.anchor, 30)}); write each value out in full",
                ),
                event.start_mark,
            )
        self._entries += 1
        if self._entries > MAX_ENTRIES:
            raise _Refused(
                Bilingual(zh=f"条目超过 {MAX_ENTRIES} 个", en=f"has more than {MAX_ENTRIES} entries"),
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    Bilingual(zh=f"嵌套超过 {MAX_DEPTH} 层", en=f"nests deeper than {MAX_DEPTH} levels"),
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        # A key given twice would silently lose the first answer.
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                raise _Refused(
                    Bilingual(zh="含有不是文字的键", en="has a key that is not text"), key_node.start_mark
                ) from None
            if duplicate:
                raise _Refused(
                    Bilingual(zh=f"重复填写了 {shorten(str(key), 40)}", en=f"gives {shorten(str(key), 40)} twice"),
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_text(self, node: Any) -> str:
        return self.construct_scalar(node)

    def construct_yaml_int(self, node: Any) -> Any:
        text = self.construct_scalar(node)
        return text if len(text) > MAX_DIGITS else super().construct_yaml_int(node)

    def construct_yaml_float(self, node: Any) -> Any:
        text = self.construct_scalar(node)
        return text if len(text) > MAX_DIGITS else super().construct_yaml_float(node)


# Dates and times stay text (implicitly and with an explicit !!timestamp tag).
_AnswersLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_AnswersLoader.add_constructor("tag:yaml.org,2002:timestamp", _AnswersLoader.construct_text)
_AnswersLoader.add_constructor("tag:yaml.org,2002:int", _AnswersLoader.construct_yaml_int)
_AnswersLoader.add_constructor("tag:yaml.org,2002:float", _AnswersLoader.construct_yaml_float)


def read_answers_file(path: Path) -> dict[str, Any]:
    """Read an answers file from disk: YAML, or JSON when its name ends in .json."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise AnswersFileError(Bilingual(zh=f"找不到答案文件：{name}", en=f"answers file not found: {name}")) from None
    except OSError as error:
        raise AnswersFileError(
            Bilingual(
                zh=f"无法读取答案文件 {name}：{error.strerror}", en=f"cannot read answers file {name}: {error.strerror}"
            )
        ) from None
    return parse_answers_bytes(data, name)


def parse_answers_bytes(data: bytes, source: str) -> dict[str, Any]:
    """Parse an answers file's bytes (an upload, or a file read from disk); `source` names it in messages."""
    source = shorten(source)
    if len(data) > MAX_BYTES:
        raise AnswersFileError(
            Bilingual(
                zh=f"{source} 超过 {MAX_BYTES // 1024} KB；答案文件通常只有几 KB 文字",
                en=f"{source} is larger than {MAX_BYTES // 1024} KB; an answers file is a few KB of text",
            ),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersFileError(
            Bilingual(zh=f"{source} 不是 UTF-8 编码的文本", en=f"{source} is not UTF-8 text")
        ) from None
    return parse_answers_text(text, source)


def parse_answers_text(text: str, source: str = "answers") -> dict[str, Any]:
    """Parse answers from YAML or JSON text; an empty document means no answers."""
    source = shorten(source)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise AnswersFileError(
            Bilingual(zh=f"{source} 超过 {MAX_BYTES // 1024} KB", en=f"{source} is larger than {MAX_BYTES // 1024} KB")
        )
    try:
        raw = _load_json(text) if source.endswith(".json") else yaml.load(text, Loader=_AnswersLoader)  # noqa: S506
    except _Refused as refused:
        where_en = f" (line {refused.line})" if refused.line else ""
        where_zh = f"（第 {refused.line} 行）" if refused.line else ""
        raise AnswersFileError(
            Bilingual(zh=f"{source} {refused.reason.zh}{where_zh}", en=f"{source} {refused.reason.en}{where_en}")
        ) from None
    except json.JSONDecodeError as error:
        raise AnswersFileError(
            Bilingual(
                zh=f"{source} 不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列：{error.msg}）",
                en=f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            ),
        ) from None
    except yaml.YAMLError as error:
        raise _yaml_error(source, error) from None
    except RecursionError:
        raise AnswersFileError(
            Bilingual(zh=f"{source} 嵌套超过 {MAX_DEPTH} 层", en=f"{source} nests deeper than {MAX_DEPTH} levels")
        ) from None
    except (ValueError, TypeError, OverflowError) as error:
        # Belt and braces: the limits above should leave nothing for the parsers to choke on.
        raise AnswersFileError(
            Bilingual(
                zh=f"{source} 无法作为答案文件读取（{type(error).__name__}）",
                en=f"{source} cannot be read as answers ({type(error).__name__})",
            ),
        ) from None
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise AnswersFileError(
            Bilingual(
                zh=f"{source} 应为字段与取值的映射，例如 party_a.name: ...",
                en=f"{source} must hold a mapping of field ids to values, such as party_a.name: ...",
            ),
        )
    return dict(raw)


def _yaml_error(source: str, error: yaml.YAMLError) -> AnswersFileError:
    if isinstance(error, yaml.reader.ReaderError):
        code = error.character if isinstance(error.character, int) else ord(error.character)
        return AnswersFileError(
            Bilingual(
                zh=f"{source} 不是有效的 YAML：含有 YAML 不允许的字符（U+{code:04X}）",
                en=f"{source} is not valid YAML: it contains a character YAML does not allow (U+{code:04X})",
            ),
        )
    mark = getattr(error, "problem_mark", None)
    problem = shorten(str(getattr(error, "problem", None) or type(error).__name__))
    if mark is None:
        return AnswersFileError(
            Bilingual(zh=f"{source} 不是有效的 YAML（{problem}）", en=f"{source} is not valid YAML ({problem})")
        )
    line, column = mark.line + 1, mark.column + 1
    return AnswersFileError(
        Bilingual(
            zh=f"{source} 不是有效的 YAML（第 {line} 行第 {column} 列：{problem}）",
            en=f"{source} is not valid YAML (line {line}, column {column}: {problem})",
        ),
    )


def _load_json(text: str) -> Any:
    """JSON with the same limits as YAML: no duplicate keys, no NaN, long numbers kept as text."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _Refused(Bilingual(zh=f"重复填写了 {shorten(key, 40)}", en=f"gives {shorten(key, 40)} twice"))
            result[key] = value
        return result

    def number(text: str, kind: type) -> Any:
        return text if len(text) > MAX_DIGITS else kind(text)

    def constant(name: str) -> Any:
        raise _Refused(Bilingual(zh=f"含有非数字的 {name}", en=f"contains {name}, which is not a number"))

    raw = json.loads(
        text,
        object_pairs_hook=pairs,
        parse_int=lambda t: number(t, int),
        parse_float=lambda t: number(t, float),
        parse_constant=constant,
    )
    _check_shape(raw)
    return raw


def _check_shape(raw: Any) -> None:
    """The depth and entry limits, for JSON (the YAML loader checks them as it reads)."""
    entries = 0
    stack = [(raw, 1)]
    while stack:
        value, depth = stack.pop()
        entries += 1
        if depth > MAX_DEPTH:
            raise _Refused(Bilingual(zh=f"嵌套超过 {MAX_DEPTH} 层", en=f"nests deeper than {MAX_DEPTH} levels"))
        if entries > MAX_ENTRIES:
            raise _Refused(Bilingual(zh=f"条目超过 {MAX_ENTRIES} 个", en=f"has more than {MAX_ENTRIES} entries"))
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)
