"""The groups' panels (webapp.groups): a closed panel draws no widgets, and no answer is lost for it."""

from __future__ import annotations

from conftest import open_app, preview_html
from streamlit.testing.v1 import AppTest

from contract_builder.catalog import get_template
from webapp.groups import DETAILS, OPTIONS, panel_key
from webapp.sharing import LOAD_PANEL
from webapp.sidebar import EXAMPLES_PANEL

K = "customer_service:"
TEMPLATE = get_template("customer_service")


def panel(part: str, group_id: str) -> str:
    return panel_key(TEMPLATE, part, group_id)


def drawn(app: AppTest) -> set[str]:
    """The keys of every widget on the page."""
    kinds = ("toggle", "selectbox", "text_input", "number_input", "date_input", "multiselect")
    return {widget.key for kind in kinds for widget in getattr(app, kind)}


def test_only_the_open_panels_draw_their_widgets() -> None:
    app = open_app(panels_open=False)
    assert not app.exception
    keys = drawn(app)
    assert K + "party_a.name" in keys and K + "parties.credit_code" in keys  # the template's open group
    assert K + "fee.monthly" not in keys and K + "term.start" not in keys  # closed: one click away
    assert K + "privacy.pipl" not in keys and K + "dispute.method" not in keys  # closed options
    assert K + "liability.a_confidentiality" not in keys  # a closed group of the form
    assert app.session_state[panel(OPTIONS, "confidentiality")] is False
    # Their answers are still there: the contract is the standard one, its court clause included.
    assert "人民法院" in preview_html(app)


def test_opening_a_panel_draws_its_widgets_with_their_answers() -> None:
    app = open_app(panels_open=False)
    app.session_state[panel(OPTIONS, "disputes")] = True
    app.run()
    assert app.sidebar.selectbox(key=K + "dispute.method").value == "court"


def test_an_answer_in_a_closed_panel_is_kept_through_reruns_and_in_the_link() -> None:
    app = open_app(panels_open=False)
    app.session_state[panel(OPTIONS, "confidentiality")] = True
    app.run()
    app.sidebar.toggle(key=K + "privacy.pipl").set_value(True).run()
    app.session_state[panel(OPTIONS, "confidentiality")] = False
    app.run()
    assert K + "privacy.pipl" not in drawn(app)
    app.text_input(key=K + "party_a.name").set_value("杭州甲公司").run()
    app.run()
    body = preview_html(app)
    assert "个人信息保护" in body and "杭州甲公司" in body
    assert app.query_params["privacy.pipl"] in (["true"], "true")
    # Undo goes back one step at a time, through answers whose widgets are not drawn.
    app.sidebar.button(key="undo").click().run()
    app.sidebar.button(key="undo").click().run()
    assert "个人信息保护" not in preview_html(app)


def test_a_preset_opens_the_panels_of_the_options_it_chooses() -> None:
    app = open_app(panels_open=False, session={EXAMPLES_PANEL: True})
    app.sidebar.button(key="preset:shenzhen_saas").click().run()
    assert not app.exception
    assert app.session_state[panel(OPTIONS, "confidentiality")] is True
    assert app.sidebar.toggle(key=K + "privacy.pipl").value is True


def test_a_closed_panel_stays_closed_until_it_is_wanted_anew() -> None:
    app = open_app(panels_open=False, session={EXAMPLES_PANEL: True})
    app.sidebar.button(key="preset:shenzhen_saas").click().run()
    app.session_state[panel(OPTIONS, "confidentiality")] = False  # the user closes it
    app.run()
    app.text_input(key=K + "party_a.name").set_value("另一家公司").run()
    assert app.session_state[panel(OPTIONS, "confidentiality")] is False
    app.sidebar.button(key="reset").click().run()
    app.sidebar.button(key="confirm_overwrite").click().run()
    app.sidebar.button(key="preset:shenzhen_saas").click().run()
    assert app.session_state[panel(OPTIONS, "confidentiality")] is True  # chosen again: open again


def test_a_field_with_a_new_error_has_its_panel_opened() -> None:
    link = {"signing.counterparts": "3", "signing.unequal_split": "true", "signing.party_a_copies": "2",
            "signing.party_b_copies": "1"}  # fmt: skip
    app = open_app(link, panels_open=False)
    assert not app.main.error and app.session_state[panel(DETAILS, "signing")] is False
    assert app.session_state[panel(OPTIONS, "signing")] is True  # a chosen option
    # An odd number of counterparts needs the unequal split: turning it off makes the count wrong.
    app.sidebar.toggle(key=K + "signing.unequal_split").set_value(False).run()
    assert any("份数应为双数" in element.value for element in app.main.error)
    assert app.session_state[panel(DETAILS, "signing")] is True
    assert app.number_input(key=K + "signing.counterparts").value == 3


def test_an_open_panel_stays_open_when_the_interface_language_changes() -> None:
    app = open_app(panels_open=False)
    app.session_state[panel(OPTIONS, "disputes")] = True
    app.run()
    app.button_group(key="ui_switch").set_value("en").run()
    assert not app.exception
    assert app.sidebar.selectbox(key=K + "dispute.method").label == "Dispute resolution"
    assert app.session_state[panel(OPTIONS, "confidentiality")] is False


def test_the_file_uploader_is_drawn_only_in_its_open_panel() -> None:
    app = open_app(panels_open=False)
    assert not app.get("file_uploader")
    app.session_state[LOAD_PANEL] = True
    app.run()
    assert [uploader.key for uploader in app.get("file_uploader")] == ["load_yaml"]


def test_the_examples_start_closed_and_undo_stays_in_view() -> None:
    app = open_app(panels_open=False)
    buttons = {button.key for button in app.sidebar.button}
    assert "undo" in buttons and not any(key.startswith("preset:") for key in buttons)
    app.session_state[EXAMPLES_PANEL] = True
    app.run()
    assert {"preset:recommended", "reset"} <= {button.key for button in app.sidebar.button}


def test_the_template_s_open_groups_draw_their_widgets_on_every_run() -> None:
    # Their panels open and close in the browser alone (webapp.groups.open_panel): whatever the
    # session says of them, their widgets are there, with their answers.
    app = open_app(panels_open=False)
    app.text_input(key=K + "party_a.name").set_value("杭州甲公司").run()
    app.session_state[panel(DETAILS, "parties")] = False
    app.session_state[panel(OPTIONS, "parties")] = False
    app.run()
    assert app.text_input(key=K + "party_a.name").value == "杭州甲公司"
    assert K + "parties.credit_code" in drawn(app)
    assert app.session_state[panel(DETAILS, "parties")] is True
