"""Two independent Markdown readers, to check what a reader sees in our Markdown."""

from __future__ import annotations

import html
import re

import markdown
from markdown_it import MarkdownIt

# CommonMark plus GFM tables (the parallel edition is a two-column table).
_COMMONMARK = MarkdownIt("commonmark").enable("table")
_TAG = re.compile(r"<[^>]+>")


def visible_text(html_text: str) -> str:
    """The text a browser shows: tags removed, character references decoded."""
    return html.unescape(_TAG.sub("", html_text))


def commonmark_html(source: str) -> str:
    return _COMMONMARK.render(source)


def python_markdown_html(source: str) -> str:
    return markdown.markdown(source, extensions=["tables"])


def tags(html_text: str) -> set[str]:
    return {match.group(1) for match in re.finditer(r"<([a-z0-9]+)", html_text)}
