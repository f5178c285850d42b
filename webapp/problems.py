"""Above the form, the problems and the blank required fields, each a link that goes to its field."""

from __future__ import annotations

import re
from html import escape

# Streamlit gives each keyed widget's container the class st-key-<key>, with characters
# other than letters, digits, _ and - replaced by -.
_UNSAFE_IN_CLASS = re.compile(r"[^A-Za-z0-9_-]")

# Scroll to the field and put the cursor in it. A field in a closed panel is not drawn, or is drawn
# out of sight (an open group's, webapp.groups): open its panel, then go to the field once it shows.
# The script carries only our own class names.
_SCRIPT = """<script>
(() => {
  const go = (link) => {
    const field = document.querySelector('.' + link.dataset.target);
    if (!field || !field.checkVisibility()) return false;
    field.scrollIntoView({block: 'center', behavior: 'smooth'});
    field.querySelector('input')?.focus({preventScroll: true});
    return true;
  };
  document.querySelectorAll('.cb-field-links a[data-target]').forEach((link) => {
    link.onclick = (event) => {
      event.preventDefault();
      if (go(link)) return;
      const panel = document.querySelector('.' + link.dataset.panel + ' details');
      if (!panel) return;
      if (!panel.open) panel.querySelector('summary').click();
      let tries = 0;
      const timer = setInterval(() => { if (go(link) || ++tries > 50) clearInterval(timer); }, 100);
    };
  });
})();
</script>"""


def widget_class(widget_key: str) -> str:
    """The CSS class Streamlit puts on the container of the widget (or panel) with this key."""
    return "st-key-" + _UNSAFE_IN_CLASS.sub("-", widget_key)


def _link(widget_key: str, panel_key: str, text: str) -> str:
    return (
        f'<a href="#" data-target="{escape(widget_class(widget_key))}" '
        f'data-panel="{escape(widget_class(panel_key))}">{escape(text)}</a>'
    )


def problem_links(problems: list[tuple[str, str, str]]) -> str:
    """(widget key, its panel's key, message) triples as a list of links to the widgets, and their script."""
    items = "".join(f"<li>{_link(*problem)}</li>" for problem in problems)
    return f'<ul class="cb-problems cb-field-links">{items}</ul>{_SCRIPT}'


def blank_links(heading: str, blanks: list[tuple[str, str, str]], separator: str) -> str:
    """`heading`: and the (widget key, its panel's key, label) of each blank field as links, and their script."""
    links = separator.join(_link(*blank) for blank in blanks)
    style = "color: rgba(49, 51, 63, 0.6)"  # a caption's grey
    return f'<p class="cb-blanks cb-field-links" style="{style}"><small>{escape(heading)}{links}</small></p>{_SCRIPT}'
