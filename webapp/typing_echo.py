"""What is typed in a text field shows in the preview at once, before the server has it.

A text box commits its value on Enter or when it loses the focus, and the preview follows
after the server's run, a fifth of a second later or more. Until then a script in the page
writes what is being typed into the preview's places for that field (the spans the renderer
names with data-field), as literal text (textContent), marked as not yet applied: a dashed
outline, and a tooltip that says so. The server's redraw replaces them with what it made of
the value; if the box still holds more than it sent, the script writes that again. A place
the server's run left as it was (its HTML did not change: a value it refused prints as the
blank it was, with the field's message beside the box) is given back what the server drew
once a run has reached the page and the page has stayed idle. A run is seen in two ways:
the run state going back to idle (webapp.page_script), and the tools above the pane drawn
anew, whose RUN_MARK attribute changes on every run; on a busy machine React may take a
run's start and end in one pass, and the run state then never changes.

Only text fields are echoed: they print as typed (without the spaces around), where a date,
an amount or a number prints in a form of its own.

An input method's unfinished syllables (pinyin on the way to 中文) are not echoed: the text
shows when the characters are chosen.
"""

from __future__ import annotations

import json
import re

from contract_builder.templates import ContractTemplate
from contract_builder.values import BLANK_TEXT
from webapp import page_script, preview
from webapp.problems import widget_class
from webapp.state import key
from webapp.strings import text

CONTAINER = "cb_typing_echo"  # the hidden container of the script: it takes no room on the page
RUN_MARK = "data-cb-run"  # an attribute the tools' summary line changes on every run (webapp.preview_column)

# A box is found by its element's class, st-key-<key> (webapp.problems.widget_class). The spans'
# text is compared with what the server drew (kept in data-cb-text), so that a box holding what
# the server has changes nothing.
_SCRIPT = """<style>
.cb-contract .cb-typed { outline: 1px dashed #5b8fd1; outline-offset: 1px; }
</style><script>
(() => {
  const echo = window.cbTypingEcho = window.cbTypingEcho || {};
  echo.fields = $fields;  // a text box's class → the field it answers, in this template
  echo.pending = $pending;  // the outline's tooltip, in the interface language
  if (echo.installed) return;
  echo.installed = true;
  const BLANK = $blank;
  $run_state
  const fieldOf = (element) => {
    if (!element || !element.matches || !element.matches('input[type="text"]')) return null;
    const holder = element.closest('[data-testid="stElementContainer"]');
    const name = holder && [...holder.classList].find((item) => Object.hasOwn(echo.fields, item));
    return name ? echo.fields[name] : null;
  };
  const show = (field, typed) => {
    const value = typed.trim();
    const spans = [...document.querySelectorAll('.cb-contract [data-field="' + CSS.escape(field) + '"]')];
    for (const span of spans) {
      if (span.dataset.cbText === undefined) {
        span.dataset.cbText = span.textContent;
        span.dataset.cbClass = span.className;
      }
      const drawn = span.dataset.cbClass.split(' ')[0];  // value or blank, as the server drew it
      const same = value === '' ? drawn === 'blank' : drawn === 'value' && value === span.dataset.cbText;
      const text = same ? span.dataset.cbText : value || BLANK;
      const classes = same ? span.dataset.cbClass : (value ? 'value' : 'blank') + ' cb-typed';
      if (span.textContent !== text) span.textContent = text;
      if (span.className !== classes) span.className = classes;
      if (same) span.removeAttribute('title'); else span.title = echo.pending;
    }
    return spans;
  };
  const reveal = (spans) => {  // into the pane's view, unless one of the field's places is in it
    const pane = spans.length && spans[0].closest('.st-key-$pane');
    if (!pane) return;
    const box = pane.getBoundingClientRect();
    const inView = (span) => {
      const at = span.getBoundingClientRect();
      return at.bottom > box.top && at.top < box.bottom;
    };
    if (spans.some(inView)) return;
    pane.scrollTop += spans[0].getBoundingClientRect().top - box.top - pane.clientHeight / 3;
  };
  let composing = false;  // an input method is between syllables and characters
  const sent = new Map();  // field → what its box held when the server last had it (focus, Enter, blur)
  const typed = (event) => {
    if (composing || event.isComposing) return;
    const field = fieldOf(event.target);
    if (!field) return;
    reveal(show(field, event.target.value));
  };
  const applied = (event) => {
    const field = fieldOf(event.target);
    if (field && !composing && !event.isComposing && (event.type !== 'keydown' || event.key === 'Enter')) {
      sent.set(field, event.target.value);
    }
  };
  document.addEventListener('compositionstart', () => { composing = true; }, true);
  document.addEventListener('compositionend', (event) => { composing = false; typed(event); }, true);
  document.addEventListener('input', typed, true);
  for (const kind of ['focusin', 'keydown', 'focusout']) document.addEventListener(kind, applied, true);
  const unsent = () => {  // the field whose box holds what the server has not had, if any
    const box = document.activeElement, field = fieldOf(box);
    return field && box.value !== sent.get(field) ? field : null;
  };
  // After a run, a place the server did not draw anew shows what the server has: its HTML did not
  // change, as when it refused the value typed (a blank, the field's message beside the box).
  const settle = () => {
    if (running()) { settling = setTimeout(settle, STILL_MS); return; }
    const typing = unsent();
    for (const span of document.querySelectorAll('.cb-contract [data-cb-text]')) {
      if (span.dataset.field === typing) continue;
      span.textContent = span.dataset.cbText;
      span.className = span.dataset.cbClass;
      span.removeAttribute('title');
      delete span.dataset.cbText;
      delete span.dataset.cbClass;
    }
  };
  let queued = false, settling = null;
  // A run has reached the page: the run state went back to idle, or, where React took the run's
  // start and end in one pass (a busy machine), the tools' run mark was drawn anew.
  const marked = (node) => node.nodeType === 1 && (node.matches('[$run_mark]') || node.querySelector('[$run_mark]'));
  const ran = (record) => record.type === 'attributes' || [...record.addedNodes].some(marked);
  new MutationObserver((records) => {
    if (records.some(ran)) {
      clearTimeout(settling);  // a field's callback replaces its own run: wait for the page to stay still
      settling = setTimeout(settle, STILL_MS);
    }
    if (queued || composing) return;
    queued = true;
    queueMicrotask(() => {  // the server redrew: a box holding more than it sent shows it again
      queued = false;
      const field = unsent();
      if (field) show(field, document.activeElement.value);
    });
  }).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['data-test-script-state'],
  });
})();
</script>"""


def echoed_fields(template: ContractTemplate) -> frozenset[str]:
    """The fields whose typing the preview shows at once: text, which prints as it is typed."""
    return frozenset(field.id for field in template.fields.values() if field.kind == "text")


def script(template: ContractTemplate, lang: str) -> str:
    """The st.html that installs the echo (once per page) and tells it this template's text boxes."""
    fields = {widget_class(key(template, field_id)): field_id for field_id in sorted(echoed_fields(template))}
    # Within <script>, "</" could end the element: JSON may spell "<" as \\u003c.
    as_json = json.dumps(fields, ensure_ascii=False).replace("<", "\\u003c")
    pending = json.dumps(text("typed_pending", lang), ensure_ascii=False)
    values = {"fields": as_json, "pending": pending, "blank": json.dumps(BLANK_TEXT), "pane": preview.PANE,
              "run_state": page_script.RUN_STATE, "run_mark": RUN_MARK}  # fmt: skip
    return re.sub(r"\$(\w+)", lambda found: values[found.group(1)], _SCRIPT)


def show(template: ContractTemplate, lang: str) -> None:
    """Draw the echo, hidden; the page draws it on every full run (a switch of template or of
    language is one), and a changed script runs again."""
    page_script.show_hidden(CONTAINER, script(template, lang))
