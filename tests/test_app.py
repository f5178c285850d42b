"""The Streamlit app, driven by AppTest: widgets by key, assertions on what the page shows."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from conftest import DATA, MARKUP, example_answers, open_app, open_panels, preview_html
from streamlit.testing.v1 import AppTest

from contract_builder.answers import require_valid
from contract_builder.catalog import available_templates, get_template, templates_root
from contract_builder.share import to_query
from contract_builder.templates import ContractTemplate

K = "customer_service:"  # widget keys are <template id>:<field id>


def start(**params: str) -> AppTest:
    return open_app(params)


preview = preview_html


def url_params(app: AppTest) -> dict[str, str]:
    return {name: value[-1] if isinstance(value, list) else value for name, value in app.query_params.items()}


def errors(app: AppTest) -> list[str]:
    return [element.value for element in app.error]


def test_first_view_is_the_bilingual_seed() -> None:
    app = start()
    assert not app.exception
    body = preview(app)
    assert "客服工作服务合同" in body and "Customer Service Outsourcing Agreement" in body
    assert "一、服务内容及要求" in body and "1. Scope and Requirements of Services" in body
    assert app.sidebar.radio(key="edition").value == "bilingual"
    assert "changed" not in body  # the seed: nothing differs from the standard


def test_toggling_an_option_changes_the_preview_in_both_languages() -> None:
    app = start()
    app.sidebar.toggle(key=K + "privacy.pipl").set_value(True).run()
    body = preview(app)
    assert "六、个人信息保护" in body and "6. Personal Information Protection" in body
    assert "七、违约责任" in body  # renumbered
    assert 'class="body changed"' in body
    app.sidebar.selectbox(key=K + "dispute.method").set_value("arbitration").run()
    body = preview(app)
    assert "仲裁委员会" in body and "for arbitration in" in body


def test_an_option_another_excludes_is_disabled_with_the_reason() -> None:
    app = start()
    institution = app.sidebar.selectbox(key=K + "dispute.institution")
    assert institution.disabled
    assert any("仅在选择仲裁时适用" in caption.value for caption in app.sidebar.caption)
    app.sidebar.selectbox(key=K + "dispute.method").set_value("arbitration").run()
    assert not app.sidebar.selectbox(key=K + "dispute.institution").disabled


def test_invalid_values_show_their_message_in_the_interface_language() -> None:
    app = start()
    app.date_input(key=K + "term.start").set_value(dt.date(2026, 6, 1))
    app.date_input(key=K + "term.end").set_value(dt.date(2026, 1, 1)).run()
    assert any("结束日期应晚于开始日期" in message for message in errors(app))
    app.button_group(key="ui_switch").set_value("en").run()
    assert any("the end date must be after the start date" in message for message in errors(app))
    assert app.title[0].value == "Customer Service Outsourcing Agreement"


def test_money_shows_its_capital_form() -> None:
    app = start()
    app.number_input(key=K + "fee.monthly").set_value(10005.0).run()
    assert any(caption.value == "大写：壹万零伍元整" for caption in app.caption)
    assert '每月人民币<span class="value">10,005.00</span>元（大写<span class="value">壹万零伍元整</span>）' in preview(
        app
    )


def test_completeness_names_the_blank_required_fields() -> None:
    app = start()
    assert app.get("progress")[0].proto.text == "完成度 0/11"
    blank = (
        "尚未填写的必填项：甲方名称、甲方法定代表人、甲方地址、甲方联系方式、乙方名称、乙方法定代表人、乙方地址、"
        "乙方联系方式、服务开始日期、服务结束日期、每月服务费（元）"
    )
    (listed,) = [element.proto.body for element in app.html if "cb-blanks" in element.proto.body]
    assert re.sub(r"<[^>]+>", "", listed.split("<script>")[0]) == blank
    # Each a link to its field and the field's panel, which the link opens when it is closed.
    fee = 'data-target="st-key-customer_service-fee-monthly" data-panel="st-key-group-customer_service-details-fees"'
    assert f'<a href="#" {fee}>每月服务费（元）</a>' in listed
    app.sidebar.button(key="preset:shanghai_retail").click().run()
    assert app.get("progress")[0].proto.text == "完成度 11/11"
    assert "必填项均已填写。" in [caption.value for caption in app.caption]
    assert not any("cb-blanks" in element.proto.body for element in app.html)


def test_a_preset_loads_in_one_click_and_reset_restores_the_seed(render: Callable[..., str]) -> None:
    app = start()
    app.sidebar.button(key="preset:shenzhen_saas").click().run()
    assert app.text_input(key=K + "party_a.name").value == "深圳市启明星软件科技有限公司"
    assert app.sidebar.selectbox(key=K + "fee.model").value == "per_seat"
    assert "深圳国际仲裁院" in preview(app)
    # Reset would overwrite answers: it asks first, and cancelling changes nothing.
    app.sidebar.button(key="reset").click().run()
    assert app.text_input(key=K + "party_a.name").value == "深圳市启明星软件科技有限公司"
    app.sidebar.button(key="cancel_overwrite").click().run()
    assert not app.sidebar.warning and app.text_input(key=K + "party_a.name").value == "深圳市启明星软件科技有限公司"
    app.sidebar.button(key="reset").click().run()
    app.sidebar.button(key="confirm_overwrite").click().run()
    assert app.text_input(key=K + "party_a.name").value == ""
    assert "深圳国际仲裁院" not in preview(app)


def test_undo_steps_back_through_changes_presets_and_resets() -> None:
    app = start()
    assert app.sidebar.button(key="undo").disabled
    app.text_input(key=K + "party_a.name").set_value("甲方一").run()
    app.text_input(key=K + "party_a.name").set_value("甲方二").run()
    app.sidebar.button(key="preset:shanghai_retail").click().run()
    app.sidebar.button(key="confirm_overwrite").click().run()
    assert app.text_input(key=K + "party_a.name").value == "上海禾风电子商务有限公司"
    app.sidebar.button(key="undo").click().run()
    assert app.text_input(key=K + "party_a.name").value == "甲方二"
    app.sidebar.button(key="undo").click().run()
    assert app.text_input(key=K + "party_a.name").value == "甲方一"
    app.sidebar.button(key="undo").click().run()
    assert app.text_input(key=K + "party_a.name").value == ""
    assert app.sidebar.button(key="undo").disabled


def test_answers_survive_a_visit_to_the_clause_library() -> None:
    app = start()
    app.text_input(key=K + "party_a.name").set_value("甲方留存有限公司").run()
    app.sidebar.radio(key="edition").set_value("parallel").run()
    app.sidebar.toggle(key=K + "privacy.pipl").set_value(True).run()
    app.switch_page("pages/library.py").run()
    assert not app.exception
    app.switch_page("pages/builder.py").run()
    assert app.text_input(key=K + "party_a.name").value == "甲方留存有限公司"
    assert app.sidebar.radio(key="edition").value == "parallel"
    assert app.sidebar.toggle(key=K + "privacy.pipl").value is True
    assert "甲方留存有限公司" in preview(app)


def test_an_invalid_answer_blocks_downloads_and_is_named_by_its_label() -> None:
    app = start()
    app.date_input(key=K + "term.start").set_value(dt.date(2026, 6, 1))
    app.date_input(key=K + "term.end").set_value(dt.date(2026, 1, 1)).run()
    assert app.error[0].value.startswith("请更正以下内容")
    (problems,) = [element.proto.body for element in app.html if "cb-problems" in element.proto.body]
    # By label, never by id, and a link to the field's widget.
    link = (
        '<a href="#" data-target="st-key-customer_service-term-end" '
        'data-panel="st-key-group-customer_service-details-term">服务结束日期：结束日期应晚于开始日期</a>'
    )
    assert link in problems
    assert "term.end" not in problems
    assert '<span class="value invalid">2026年1月1日</span>' in preview(app)  # marked, not silently printed
    assert not app.get("download_button")[:-1]  # only "save answers" is left to download
    assert all(button.disabled for button in app.button if button.key.startswith("blocked_"))
    assert "save_yaml" in [button.key for button in app.get("download_button")]
    app.date_input(key=K + "term.end").set_value(dt.date(2027, 1, 1)).run()
    assert not app.error and len(app.get("download_button")) == 3


def test_a_link_prefills_the_form_and_the_url_follows_every_change(template: ContractTemplate) -> None:
    answers = require_valid(template, example_answers("customer_service", "beijing_insurer"))
    app = start(**to_query(template, answers, "parallel", "en"))
    assert not app.exception
    assert app.text_input(key=K + "party_a.name").value == "北京安和保险经纪有限公司"
    assert app.sidebar.radio(key="edition").value == "parallel"
    assert app.title[0].value == "Customer Service Outsourcing Agreement"
    assert '<table class="parallel">' in preview(app)
    several = len(available_templates()) > 1  # then a link names its template
    assert url_params(app) == to_query(template, answers, "parallel", "en", include_template=several)
    app.text_input(key=K + "party_a.name").set_value("新名称有限公司").run()
    assert url_params(app)["party_a.name"] == "新名称有限公司"
    (share_box,) = [box.proto.body for box in app.html if "cb-share" in box.proto.body]
    share_code = html.unescape(share_box.split("<code>", 1)[1].split("</code>", 1)[0])
    query = dict(parse_qsl(share_code.split("?", 1)[1]))
    assert query["party_a.name"] == "新名称有限公司" and query["edition"] == "parallel"


def test_bad_link_parameters_are_named_and_the_rest_applies() -> None:
    app = start(**{"party_a.name": "甲公司", "fee.monthly": "lots", "bogus": "1", "lang": "fr"})
    assert not app.exception
    assert app.text_input(key=K + "party_a.name").value == "甲公司"
    assert app.warning and "其余内容已应用" in app.warning[0].value
    listed = "\n".join(element.value for element in app.text)
    assert "fee.monthly" in listed and "bogus" in listed and "lang=fr" in listed


def test_typed_markup_stays_literal_in_the_preview() -> None:
    app = start()
    app.text_input(key=K + "party_a.name").set_value(MARKUP).run()
    body = preview(app)
    assert html.escape(MARKUP) in body  # "a -&gt; b &lt;b&gt;bold&lt;/b&gt;": shown as typed, never run
    assert "<b>bold</b>" not in body
    # Nothing the user typed is ever passed to st.markdown.
    assert all(MARKUP not in element.value for element in app.markdown)


def download_labels(app: AppTest) -> list[str]:
    """The contract's download buttons, in order (saving the answers is elsewhere on the page)."""
    labels = [button.proto.label for button in app.get("download_button")]
    assert "保存填写内容（YAML）" in labels
    return [label for label in labels if label != "保存填写内容（YAML）"]


@pytest.mark.external  # clicks make_pdf: wkhtmltopdf, then WeasyPrint
def test_word_and_pdf_are_made_on_a_click_then_offered() -> None:
    app = start()
    app.sidebar.button(key="preset:shanghai_retail").click().run()
    assert download_labels(app) == ["Markdown", "打印版 HTML"]
    app.button(key="make_pdf").click().run()
    assert not app.exception and not app.error
    assert download_labels(app) == ["Markdown", "打印版 HTML", "PDF"]
    assert app.session_state["_made:pdf"].data.startswith(b"%PDF")
    assert [caption.value for caption in app.caption].count("PDF 由 wkhtmltopdf 生成") == 1
    app.button(key="make_docx").click().run()
    assert download_labels(app) == ["Markdown", "打印版 HTML", "Word", "PDF"]
    # Another engine, or another contract, brings the button back: a file never outlives its text.
    app.radio(key="pdf_engine").set_value("weasyprint").run()
    assert "PDF" not in download_labels(app) and "Word" in download_labels(app)
    app.button(key="make_pdf").click().run()
    assert any(caption.value == "PDF 由 weasyprint 生成" for caption in app.caption)
    app.text_input(key=K + "party_a.name").set_value("另一家公司").run()
    assert download_labels(app) == ["Markdown", "打印版 HTML"]


def test_template_selector_appears_with_a_second_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(templates_root() / "customer_service", tmp_path / "customer_service")
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", tmp_path / "confidentiality_undertaking")
    monkeypatch.setenv("CONTRACT_BUILDER_TEMPLATES", str(tmp_path))
    app = start()
    app.sidebar.selectbox(key="template").set_value("confidentiality_undertaking")
    open_panels(app, get_template("confidentiality_undertaking"))
    app.run()
    assert not app.exception
    assert "保密承诺书" in preview(app)
    app.text_input(key="confidentiality_undertaking:recipient.name").set_value("乙咨询").run()
    assert "乙咨询" in preview(app)
    link = url_params(app)
    assert link["template"] == "confidentiality_undertaking" and link["recipient.name"] == "乙咨询"
    reopened = start(**link)
    assert not reopened.exception
    assert reopened.sidebar.selectbox(key="template").value == "confidentiality_undertaking"
    assert "乙咨询" in preview(reopened)


def test_clause_library_page_searches_both_languages() -> None:
    app = start()
    app.switch_page("pages/library.py").run()
    assert not app.exception
    app.text_input(key="library_search").set_value("arbitration").run()
    (body,) = [element.proto.body for element in app.html if "cb-library" in element.proto.body]
    assert 'data-id="disputes.p4"' in body and "争议解决方式 = 仲裁" in body
    assert 'data-id="disputes.p2"' not in body


def test_the_builder_holds_back_a_download_clicked_during_an_edit() -> None:
    """The page carries webapp.download_guard's script (and the finding links'), first in the sidebar
    (tests/test_browser.py runs them)."""
    from webapp import page_script

    app = start()
    first = app.sidebar[0]
    assert first.key == page_script.PAGE_SCRIPTS
    assert "window.cbDownloadGuard" in first.children[0].proto.body
    assert "window.cbReviewLinks" in first.children[0].proto.body


def test_the_builder_echoes_typing_in_its_text_fields_into_the_preview() -> None:
    """The page carries webapp.typing_echo's script, told each text box's field, and the preview
    names those fields' places; the script itself runs in tests/test_browser.py."""
    from webapp import typing_echo

    app = start()
    echo = next(element for element in app.main if getattr(element, "key", None) == typing_echo.CONTAINER)
    body = echo.children[0].proto.body
    boxes = {key: value for key, value in re.findall(r'"(st-key-[^"]+)": "([^"]+)"', body)}
    assert boxes["st-key-customer_service-party_a-name"] == "party_a.name"
    template = get_template("customer_service")
    assert set(boxes.values()) == {f.id for f in template.fields.values() if f.kind == "text"}
    assert "term.start" not in boxes.values()  # a date prints in a form of its own
    shown = preview(app)
    assert 'class="blank" data-field="party_a.name"' in shown
    app.text_input(key=K + "party_a.name").set_value(MARKUP).run()
    assert f'class="value" data-field="party_a.name">{html.escape(MARKUP)}<' in preview(app)
    assert "尚未应用" in body  # the outline's tooltip, in the interface language
    english = start(ui="en")
    echo = next(element for element in english.main if getattr(element, "key", None) == typing_echo.CONTAINER)
    assert "Not applied yet: press Enter or leave the field" in echo.children[0].proto.body


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "0 处与范本不同（橙色标记）；已删去的范本条款：六、协助义务（二），八、处理记录与监督检查（二）"),
        ("en", "0 paragraph(s) differ from the standard text (marked in orange); standard clauses left out: "
               "6.2 (Assistance), 8.2 (Records, Audits and Inspections)"),
    ],
)  # fmt: skip
def test_the_summary_names_the_standard_clauses_left_out_in_the_interface_language(lang: str, line: str) -> None:
    app = open_app({"template": "data_processing", "rights.pia": "false", "audit.enabled": "false", "ui": lang})
    assert not app.exception
    (summary,) = [element.proto.body for element in app.html if 'class="cb-summary"' in element.proto.body]
    assert f"<small>{html.escape(line)}</small>" in summary
