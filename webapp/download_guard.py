"""A download clicked while an edit is on its way to the server waits for it, then serves the new text.

A Streamlit download button holds the file its last run made. A text box commits what was typed
when it loses focus, and a click on a download takes the focus away: the click downloaded the file
made before the edit, without the field just typed, while the edit was still on its way. (Word and
PDF are made by the click's own run and were right; once made, their download was as stale.)

So a script in the page holds back a click on any download button while a run is going or a field
was edited in the last moments, waits until the page has been redrawn and stayed still, and then
clicks the same button again: the file is the one made after the edit. A button gone or disabled
by then (a Word file to make again, answers with errors) is not clicked: the page shows why.
"""

from __future__ import annotations

from webapp import page_script

# The run state and STILL_MS: webapp.page_script (without the run state, only the edit's moment
# counts). A button is found again by its key (every download button here has one,
# webapp.downloads). Our own click (not isTrusted) goes through. EDIT_MS: a field's commit may
# take that long to show as a run; GIVE_UP_MS: after that, the user clicks again.
_SCRIPT = """<script>
(() => {
  if (window.cbDownloadGuard) return;
  const guard = window.cbDownloadGuard = { held: 0 };
  const EDIT_MS = 400, GIVE_UP_MS = 15000;
  %(run_state)s
  let valueOnFocus = null, editedAt = -Infinity, holding = false;
  document.addEventListener('focusin', (event) => {
    if (event.target.matches('input, textarea')) valueOnFocus = event.target.value;
  }, true);
  document.addEventListener('focusout', (event) => {
    if (event.target.matches('input, textarea') && event.target.value !== valueOnFocus) editedAt = performance.now();
  }, true);
  document.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    const container = event.target.closest('[data-testid="stElementContainer"]');
    if (!container || !container.querySelector('[data-testid="stDownloadButton"]')) return;
    if (!running() && performance.now() - editedAt > EDIT_MS) return;
    const key = [...container.classList].find((name) => name.startsWith('st-key-'));
    if (!key) return;  // a button without a key could not be found again: it serves what it holds
    event.preventDefault();
    event.stopImmediatePropagation();
    if (holding) return;
    holding = true;
    guard.held += 1;
    const start = performance.now();
    let ran = false, stillSince = null;
    const check = () => {
      const now = performance.now();
      if (running()) { ran = true; stillSince = null; } else if (stillSince === null) stillSince = now;
      if ((ran || now - start > EDIT_MS) && stillSince !== null && now - stillSince > STILL_MS) {
        holding = false;
        const button = document.querySelector('.' + key + ' [data-testid="stDownloadButton"] button');
        if (button && !button.disabled) button.click();
      } else if (now - start > GIVE_UP_MS) {
        holding = false;
      } else {
        setTimeout(check, 30);
      }
    };
    setTimeout(check, 30);
  }, true);
})();
</script>"""


def script() -> str:
    """The script that installs the guard (once per page, however often it is drawn)."""
    return _SCRIPT % {"run_state": page_script.RUN_STATE}
