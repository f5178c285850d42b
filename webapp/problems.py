"""The list of problems at the top of the form, each a link that scrolls to its field."""

from __future__ import annotations

import re
from html import escape

# Streamlit gives each keyed widget's container the class st-key-<key>, with characters
# other than letters, digits, _ and - replaced by -.
_UNSAFE_IN_CLASS = re.compile(r"[^A-Za-z0-9_-]")

_SCRIPT = """<script>
document.querySelectorAll('.cb-problems a[data-target]').forEach((link) => {
  link.onclick = (event) => {
    event.preventDefault();
    const field = document.querySelector('.' + link.dataset.target);
    if (field) { field.scrollIntoView({block: 'center', behavior: 'smooth'}); field.querySelector('input')?.focus(); }
  };
});
</script>"""


def widget_class(widget_key: str) -> str:
    """The CSS class Streamlit puts on the container of the widget with this key."""
    return "st-key-" + _UNSAFE_IN_CLASS.sub("-", widget_key)


def problem_links(problems: list[tuple[str, str]]) -> str:
    """(widget key, message) pairs as a list of links to the widgets, and the script that follows them."""
    items = "".join(
        f'<li><a href="#" data-target="{escape(widget_class(key))}">{escape(message)}</a></li>'
        for key, message in problems
    )
    return f'<ul class="cb-problems">{items}</ul>{_SCRIPT}'
