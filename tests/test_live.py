"""A detail's change redraws only the live parts (webapp.live); the page, whenever more has changed.

These tests drive a plain AppTest, whose element tree after a run holds only what that
run drew: after a fragment-only run, the preview column, the status and the share link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from conftest import REPO, open_panels, preview_html
from streamlit.testing.v1 import AppTest

from contract_builder.catalog import get_template
from webapp.groups import OPTIONS, panel_key
from webapp.live import PAGE_RUNS

K = "customer_service:"


def plain_app() -> Any:
    """The builder in a plain AppTest, every panel and the review open, after a first edit."""
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.session_state["template"] = "customer_service"
    app.session_state["review_panel"] = True
    open_panels(app, get_template("customer_service"))
    app.run().run()  # the first run, and the whole page its timer asks for (webapp.first_paint)
    app.text_input(key=K + "party_b.name").set_value("乙方客服有限公司").run()
    return app.run()


def page_runs(app: Any) -> int:
    return int(app.session_state[PAGE_RUNS])


def share_link(app: Any) -> str:
    (box,) = [element.proto.body for element in app.html if 'class="cb-share"' in element.proto.body]
    return box


def test_typing_a_detail_redraws_the_preview_status_and_link_alone() -> None:
    app = plain_app()
    runs = page_runs(app)
    app.text_input(key=K + "party_a.name").set_value("甲方速写有限公司").run()
    assert not app.exception
    assert page_runs(app) == runs  # the page was not drawn again
    assert not app.sidebar.children and not app.text_input  # nor the sidebar (undo is there already) nor the form
    assert '名称：<span class="value" data-field="party_a.name">甲方速写有限公司</span>' in preview_html(app)
    assert quote("甲方速写有限公司") in share_link(app)
    assert app.get("progress")[0].proto.text == "完成度 2/11"  # both names now given
    assert app.query_params["party_a.name"] == "甲方速写有限公司"  # the address keeps up
    # What the fragments drew is what the whole page draws from the same answers.
    fragment_preview = preview_html(app)
    app.run()
    assert preview_html(app) == fragment_preview


def test_a_keystroke_that_leaves_blanks_and_errors_as_they_were_leaves_the_status_alone() -> None:
    app = plain_app()  # Party B's name given already
    app.text_input(key=K + "party_b.name").set_value("乙方客服有限公司（更正）").run()
    assert "乙方客服有限公司（更正）" in preview_html(app)
    assert not app.get("progress")  # the status above the form was not drawn again
    app.run()  # the page, as the browser shows it: the status as it was
    assert app.get("progress")[0].proto.text == "完成度 1/11"
    # Emptied, the field is blank again: the status is drawn anew with it.
    app.text_input(key=K + "party_b.name").set_value("").run()
    assert app.get("progress")[0].proto.text == "完成度 0/11"


def test_the_amount_in_words_follows_a_money_field_without_the_page() -> None:
    app = plain_app()
    runs = page_runs(app)
    app.number_input(key=K + "fee.monthly").set_value(12345.0).run()
    assert page_runs(app) == runs
    assert "大写：壹万贰仟叁佰肆拾伍元整" in [caption.value for caption in app.caption]
    assert "12,345.00" in preview_html(app)


def test_the_first_edit_offers_undo_without_the_page_and_undo_redraws_the_fields() -> None:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.session_state["template"] = "customer_service"
    app.run().run()  # the first run, and the whole page its timer asks for
    assert app.sidebar.button(key="undo").disabled
    runs = page_runs(app)
    app.text_input(key=K + "party_a.name").set_value("甲").run()
    assert page_runs(app) == runs  # undo is a live part
    assert not app.sidebar.button(key="undo").disabled
    assert not app.text_input  # the form was not drawn again
    # Undo sets the answers itself: the page is drawn again, the field empty once more.
    app.sidebar.button(key="undo").click().run()
    assert page_runs(app) == runs + 1
    assert app.text_input(key=K + "party_a.name").value == ""
    assert app.sidebar.button(key="undo").disabled
    assert "甲" not in preview_html(app).split("名称：")[1][:40]


def test_a_new_error_redraws_its_group_to_show_it_under_its_field() -> None:
    app = plain_app()
    app.date_input(key=K + "term.start").set_value(dt.date(2026, 6, 1)).run()
    app.run()  # the page again, with the form (after the fragments alone)
    runs = page_runs(app)
    app.date_input(key=K + "term.end").set_value(dt.date(2026, 1, 1)).run()
    assert page_runs(app) == runs  # the term's group alone, with the live parts
    assert any("结束日期应晚于开始日期" in error.value for error in app.error)  # under the field
    assert app.button(key="blocked_pdf").disabled
    assert K + "party_a.name" not in {box.key for box in app.text_input}  # the parties' group was not redrawn
    # Put right, the group is drawn again without the message.
    app.date_input(key=K + "term.end").set_value(dt.date(2026, 12, 31)).run()
    assert page_runs(app) == runs
    assert not any("结束日期应晚于开始日期" in error.value for error in app.error)
    assert "blocked_pdf" not in {button.key for button in app.button}


def test_a_fix_from_the_review_reruns_the_page_so_the_options_show_it() -> None:
    app = plain_app()
    assert app.sidebar.selectbox(key=K + "dispute.scope").value == "seed"
    runs = page_runs(app)
    app.button(key="fix_dispute_scope_narrow").click().run()
    assert page_runs(app) == runs + 1
    assert app.sidebar.selectbox(key=K + "dispute.scope").value == "all"


def test_a_clause_option_redraws_the_live_parts_and_its_panel_stays_as_the_user_leaves_it() -> None:
    app = plain_app()
    runs = page_runs(app)
    before = preview_html(app)
    app.sidebar.toggle(key=K + "compliance.anti_bribery").set_value(True).run()  # no field depends on it
    assert page_runs(app) == runs
    assert preview_html(app) != before and "商业贿赂" in preview_html(app)
    # Closed by the user afterwards, its panel is not reopened for the option chosen before.
    personnel = panel_key(get_template("customer_service"), OPTIONS, "personnel")
    app.session_state[personnel] = False
    app.run()
    assert app.session_state[personnel] is False
    assert app.session_state[K + "compliance.anti_bribery"] is True


def test_an_option_that_disables_other_fields_redraws_its_group_to_show_it() -> None:
    app = plain_app()
    assert not app.sidebar.selectbox(key=K + "term.renewal_style").disabled
    runs = page_runs(app)
    app.sidebar.toggle(key=K + "term.auto_renew").set_value(False).run()
    assert page_runs(app) == runs  # the term's options alone, with the live parts
    assert app.sidebar.selectbox(key=K + "term.renewal_style").disabled
    assert "仅在" in " ".join(caption.value for caption in app.sidebar.caption)  # the reason it does not apply
    assert K + "compliance.anti_bribery" not in {toggle.key for toggle in app.sidebar.toggle}  # another group
    # The page drawn from the same answers shows the same.
    app.run()
    assert app.sidebar.selectbox(key=K + "term.renewal_style").disabled


def test_the_compare_view_and_back_redraw_the_preview_column_alone() -> None:
    app = plain_app()
    app.text_input(key=K + "party_a.name").set_value("甲方速写有限公司").run()
    app.run()  # the page again, with the switch (after the fragments alone)
    runs = page_runs(app)
    app.button_group(key="view_mode").set_value("compare").run()
    assert not app.exception
    assert page_runs(app) == runs  # the pane and the tools, not the page
    assert not app.sidebar.children and not app.text_input  # nor the sidebar, nor the form
    redline = preview_html(app)
    assert "<ins>甲方速写有限公司</ins>" in redline and app.radio(key="compare_against").value == "standard"
    app.run()  # what the whole page draws in the compare view is what the fragments drew
    assert preview_html(app) == redline
    runs = page_runs(app)
    app.button_group(key="view_mode").set_value("preview").run()
    assert page_runs(app) == runs
    contract = preview_html(app)
    assert "<ins>" not in contract
    assert '<span class="value" data-field="party_a.name">甲方速写有限公司</span>' in contract
    assert not [radio for radio in app.radio if radio.key == "compare_against"]  # the compare tools are gone
    app.run()
    assert preview_html(app) == contract


def test_the_edition_redraws_the_live_parts_alone() -> None:
    app = plain_app()
    runs = page_runs(app)
    app.sidebar.radio(key="edition").set_value("en").run()
    assert not app.exception
    assert page_runs(app) == runs  # the pane, the tools and the link, not the page
    assert not app.text_input  # the form was not drawn again
    english = preview_html(app)
    assert "edition-en" in english and "客服工作服务合同" not in english
    assert "edition=en" in share_link(app) and app.query_params["edition"] == "en"
    app.run()  # what the whole page draws for the English edition is what the fragments drew
    assert preview_html(app) == english
    # Undo takes the edition back, as any other step.
    app.sidebar.button(key="undo").click().run()
    assert app.sidebar.radio(key="edition").value == "bilingual"
    assert "客服工作服务合同" in preview_html(app)
