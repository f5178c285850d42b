"""Links from anyone: too many parameters, unknown templates and very long values are named, briefly."""

from __future__ import annotations

from conftest import open_app
from streamlit.testing.v1 import AppTest

from contract_builder.share import dropped_link_warning, from_query
from contract_builder.templates import ContractTemplate

K = "customer_service:"


def start(params: dict[str, str]) -> AppTest:
    return open_app(params)


def shown(app: AppTest) -> list[str]:
    return [line for element in app.text for line in element.value.splitlines()]


def test_a_link_streamlit_drops_whole_is_named_with_its_fields() -> None:
    params = {f"junk{i}": "x" for i in range(1000)} | {"party_a.name": "甲公司", "fee.monthly": "5000"}
    app = start(params)
    assert not app.exception
    # Streamlit passed on nothing, so nothing applied; the warning says so and names the fields.
    assert app.text_input(key=K + "party_a.name").value == ""
    (line,) = shown(app)
    assert "1,002 个参数" in line and "整条链接未被应用" in line and "party_a.name, fee.monthly" in line


def test_an_unknown_template_is_named() -> None:
    app = start({"template": "no_such_template", "party_a.name": "甲公司"})
    assert not app.exception
    assert app.text_input(key=K + "party_a.name").value == "甲公司"
    assert any("template=no_such_template" in line and "没有这个模板" in line for line in shown(app))


def test_many_bad_parameters_show_twenty_lines_and_a_count() -> None:
    app = start({f"utm_{i}": "x" for i in range(100)})
    lines = shown(app)
    assert len(lines) == 21 and lines[-1] == "……另有 80 个参数未被使用"


def test_long_values_and_names_are_echoed_briefly(template: ContractTemplate) -> None:
    state = from_query(template, {"x" * 100_000: "v", "utm": "y" * 100_000, "fee.monthly": "9" * 100_000})
    texts = [text for warning in state.warnings for text in (warning.text.zh, warning.text.en)]
    assert len(state.warnings) == 3 and all(len(text) < 250 for text in texts)
    assert state.answers == {}


def test_the_dropped_link_warning_lists_at_most_ten_fields(template: ContractTemplate) -> None:
    query = "&".join(f"{field_id}=1" for field_id in template.fields)
    text = dropped_link_warning(template, query).text
    zh, en = text.zh, text.en
    listed = en.split("; its fields: ")[1]
    assert listed.endswith(" …") and listed.count(", ") == 9
    assert "整条链接未被应用" in zh
