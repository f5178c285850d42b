"""The review panel in the app (AppTest): counts, a side, one-click fixes, apply all, undo, the memo."""

from __future__ import annotations

import re

from conftest import open_app, preview_html
from streamlit.testing.v1 import AppTest

K = "customer_service:"


def start(**params: str) -> AppTest:
    """The builder with the review panel open (it draws its findings only while open)."""
    return open_app(params, session={"review_panel": True})


def panel_title(app: AppTest) -> str:
    """The counts line above the panel, as text: 风险提示：高 3 · 中 5 · 低 7."""
    (line,) = [e.proto.body for e in app.html if "cb-review-counts" in e.proto.body]
    counts = line[line.index('<span class="cb-review-counts">') :]
    return re.sub(r"<[^>]+>|●", "", counts).replace("  ", " ").strip()


def finding_ids(app: AppTest) -> set[str]:
    return {button.key.removeprefix("fix_") for button in app.button if (button.key or "").startswith("fix_")}


preview = preview_html


def test_the_panel_counts_the_seeds_risks_per_severity_in_the_interface_language() -> None:
    app = start()
    assert not app.exception
    assert panel_title(app) == "风险提示： 高 3 中 5 低 7"
    assert {"stacked_damages", "labour_dispatch", "pi_clause_missing"} <= finding_ids(app)
    assert any("《中华人民共和国民法典》第五百八十五条" in block.proto.body for block in app.html)
    app.button_group(key="ui_switch").set_value("en").run()
    assert panel_title(app).startswith("Review: High 3 Medium 5")
    assert any("Civil Code of the People&#x27;s Republic of China, Article 585" in b.proto.body for b in app.html)


def _marks(html: str) -> bool:
    """Whether this HTML is the panel's style marking the clauses its findings concern (the finding
    links' script, on the page throughout, looks clauses up the same way)."""
    return '[data-id^="' in html and "<script" not in html


def test_the_clauses_a_finding_concerns_are_marked_in_the_preview_while_the_panel_is_open() -> None:
    app = start()
    styles = "".join(element.proto.body for element in app.html if _marks(element.proto.body))
    assert '[data-id^="b_delay."]' in styles and "#c62828" in styles  # stacked damages: high, red
    assert '[data-id^="notices."]' in styles and "#9e9e9e" in styles  # notices: low, grey
    app.session_state["review_panel"] = False
    app.run()
    assert not any(_marks(element.proto.body) for element in app.html)
    assert not [b for b in app.button if (b.key or "").startswith("fix_")]  # closed: nothing drawn inside


def test_a_fix_sets_its_answers_the_preview_and_the_link_follow_and_undo_takes_it_back() -> None:
    app = start()
    assert "双方在履行本协议过程中如发生争议" in preview(app)
    app.button(key="fix_dispute_scope_narrow").click().run()
    assert not app.exception
    assert app.sidebar.selectbox(key=K + "dispute.scope").value == "all"
    assert "dispute_scope_narrow" not in finding_ids(app)
    assert "凡因本协议引起的或与本协议有关的任何争议" in preview(app)
    assert app.query_params["dispute.scope"] == ["all"] or app.query_params["dispute.scope"] == "all"
    assert panel_title(app) == "风险提示： 高 3 中 4 低 7"
    app.sidebar.button(key="undo").click().run()
    assert app.sidebar.selectbox(key=K + "dispute.scope").value == "seed"
    assert "dispute_scope_narrow" in finding_ids(app)


def test_a_fix_keeps_what_the_user_typed_in_fields_it_switches_off() -> None:
    app = start()
    app.sidebar.selectbox(key=K + "dispute.method").set_value("arbitration").run()
    app.sidebar.selectbox(key=K + "dispute.institution").set_value("other").run()
    app.text_input(key=K + "dispute.institution_name").input("北京仲裁委员会或者人民法院").run()
    app.text_input(key=K + "dispute.seat").input("北京").run()
    assert "arbitration_or_court" in finding_ids(app)
    app.button(key="fix_arbitration_or_court").click().run()
    assert app.sidebar.selectbox(key=K + "dispute.institution").value == "cietac"
    assert "中国国际经济贸易仲裁委员会" in preview(app)
    # The typed name is not in the contract any more, but its greyed-out field still holds it.
    assert "北京仲裁委员会或者人民法院" not in preview(app)
    assert app.text_input(key=K + "dispute.institution_name").value == "北京仲裁委员会或者人民法院"


def test_acting_for_a_party_shows_what_harms_it() -> None:
    app = start()
    everything = finding_ids(app)
    app.button_group(key="review_side").set_value("party_b").run()
    for_b = finding_ids(app)
    assert "pi_clause_missing" not in for_b and "liability_uncapped" in for_b and for_b < everything
    app.button_group(key="review_side").set_value("party_a").run()
    assert "pi_clause_missing" in finding_ids(app) and "liability_uncapped" not in finding_ids(app)


def test_apply_all_recommended_leaves_no_high_or_medium_risk_and_keeps_the_parties() -> None:
    app = start()
    app.text_input(key=K + "party_a.name").input("上海禾风电子商务有限公司").run()
    app.button(key="apply_all").click().run()
    assert not app.exception
    title = panel_title(app)
    assert "高 0 中 0" in title, title
    assert app.text_input(key=K + "party_a.name").value == "上海禾风电子商务有限公司"
    assert app.sidebar.toggle(key=K + "personnel.compliance").value is True
    app.sidebar.button(key="undo").click().run()
    assert "高 3" in panel_title(app)


def test_the_memo_downloads_as_markdown_with_the_findings() -> None:
    app = start()
    (memo,) = [b for b in app.get("download_button") if b.proto.label.startswith("审阅意见")]
    assert memo.proto.label == "审阅意见（Markdown）"


def test_the_compare_view_shows_the_redline_against_the_standard_text_and_a_pasted_link() -> None:
    app = start()
    app.text_input(key=K + "party_a.name").input("上海禾风电子商务有限公司").run()
    app.button_group(key="view_mode").set_value("compare").run()
    assert not app.exception
    body = preview(app)
    assert "<ins>上海禾风电子商务有限公司</ins>" in body and "<del>__________</del>" in body
    assert "对比：范本标准文本 → 当前填写内容" in body
    assert any(c.value == "变更条款：新增 0 条，删除 0 条，修改 0 条" for c in app.caption)
    redline = {b.key: b.proto.label for b in app.get("download_button") if b.key.startswith("redline_")}
    assert redline == {"redline_md": "Markdown", "redline_html": "打印版 HTML"}
    assert {"make_redline_docx", "make_redline_pdf"} <= {b.key for b in app.button}
    # Against a pasted link holding another name: only the name differs.
    app.radio(key="compare_against").set_value("link").run()
    app.text_input(key="compare_link").input("http://localhost:8501/?party_a.name=旧公司&v=1.1.0").run()
    body = preview(app)
    assert "名称：<del>旧公司</del><ins>上海禾风电子商务有限公司</ins>" in body  # a typed value replaced whole
    app.text_input(key="compare_link").input("http://localhost:8501/?nope=1").run()
    assert "无法对比（未作任何更改）" in [e.value for e in app.error]
    app.button_group(key="view_mode").set_value("preview").run()
    assert "<ins>" not in preview(app)
