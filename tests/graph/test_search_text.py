"""Search tokens: Chinese bigrams and unigrams, words, codes, normalisation (no database)."""

from __future__ import annotations

import pytest

from graph.schema import node_spec, node_specs, searchable_specs
from graph.search_text import normalise, query_terms, search_terms


def _tokens(*texts: str | None) -> list[str]:
    return search_terms(*texts).split(" ")


# --- stored tokens ------------------------------------------------------------------------


def test_a_chinese_name_gives_its_bigrams_then_its_characters() -> None:
    assert search_terms("王建国") == "王建 建国 王 建 国"


def test_a_two_character_name_gives_one_bigram_and_both_characters() -> None:
    assert _tokens("王芳") == ["王芳", "王", "芳"]


def test_a_one_character_run_gives_itself_once() -> None:
    assert _tokens("王") == ["王"]


def test_tokens_are_deduplicated_in_first_seen_order() -> None:
    assert _tokens("集气站集气站") == ["集气", "气站", "站集", "集", "气", "站"]


def test_mixed_text_splits_chinese_runs_from_words_and_numbers() -> None:
    assert _tokens("徐深17集气站分离器2#") == [
        "徐深", "徐", "深", "17", "集气", "气站", "站分", "分离", "离器",
        "集", "气", "站", "分", "离", "器", "2",
    ]  # fmt: skip


def test_a_code_gives_its_parts_and_its_compact_form() -> None:
    assert _tokens("TRQ/DW-00168") == ["trq", "dw", "00168", "trqdw00168"]
    assert _tokens("VLV-0001-001") == ["vlv", "0001", "001", "vlv0001001"]


def test_a_code_of_digits_only_gets_no_compact_form() -> None:
    """``27-8`` in 徐深27-8 is a well number, not an identifier; 278 would be a false hit."""
    assert _tokens("徐深27-8脱水站") == [
        "徐深", "徐", "深", "27", "8", "脱水", "水站", "脱", "水", "站",
    ]  # fmt: skip


def test_full_width_letters_digits_and_punctuation_are_normalised() -> None:
    assert search_terms("ＴＲＱ／ＤＷ－００１６８") == search_terms("TRQ/DW-00168")
    assert normalise("Ｅ０００１　王") == "e0001 王"


def test_latin_is_case_folded() -> None:
    assert _tokens("Pump ABC") == ["pump", "abc"]


def test_punctuation_separates_and_never_becomes_a_token() -> None:
    assert _tokens("张三·李四，（王五）！") == [
        "张三", "张", "三", "李四", "李", "四", "王五", "王", "五",
    ]  # fmt: skip


def test_no_bigram_spans_two_values() -> None:
    tokens = _tokens("刘王", "建筑工")
    assert "王建" not in tokens
    assert tokens[:3] == ["刘王", "刘", "王"]


def test_missing_and_blank_values_are_skipped() -> None:
    assert search_terms(None, "", "  ", "王芳") == "王芳 王 芳"
    assert search_terms(None) == ""


def test_characters_beyond_the_basic_plane_are_chinese_too() -> None:
    assert _tokens("𠮷野") == ["𠮷野", "𠮷", "野"]


# --- query terms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("王建国", ["王建", "建国"]),
        ("建国", ["建国"]),
        ("王", ["王"]),
        ("  王建国  ", ["王建", "建国"]),
        ("采气一大队", ["采气", "气一", "一大", "大队"]),
        ("TRQ/DW-00168", ["trq", "dw", "00168"]),
        ("ＤＷ－００１６８", ["dw", "00168"]),
        ("徐深17集气站", ["徐深", "17", "集气", "气站"]),
        ("王 E0001", ["王", "e0001"]),
        ("集气站 集气站", ["集气", "气站"]),
        ("“王建国”！", ["王建", "建国"]),
        ("！？ -- /", []),
        ("", []),
    ],
)
def test_query_terms(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


def test_every_query_term_of_a_value_is_among_its_stored_tokens() -> None:
    """What makes a search for the whole value, or any part of one of its runs, find it."""
    for value in ["王建国", "徐深17集气站紧急切断阀1#", "TRQ/DW-00168", "采气一大队党支部"]:
        assert set(query_terms(value)) <= set(_tokens(value))


# --- declarations -------------------------------------------------------------------------

SEARCHED = {
    "Person": ("name", "employee_no", "post"),
    "Net": ("name",),
    "Cell": ("name",),
    "MicroCell": ("name",),
    "Equipment": ("name", "tag"),
    "Area": ("name",),
    "WorkItem": ("name",),
    "Standard": ("code", "title"),
    "RiskPoint": ("name",),
}


def test_the_searchable_labels_and_their_fields() -> None:
    assert {spec.label: spec.search_fields for spec in searchable_specs()} == SEARCHED


def test_searchable_labels_declare_search_and_others_do_not() -> None:
    for spec in node_specs().values():
        assert ("search" in spec.properties) == spec.searchable, spec.label


def test_a_node_spec_derives_the_search_tokens_from_its_fields() -> None:
    person = {"name": "王建国", "employee_no": "E000001", "post": "采气工", "uid": "p-1"}
    assert node_spec("Person").search_tokens(person) == (
        "王建 建国 王 建 国 e000001 采气 气工 采 气 工"
    )
    assert node_spec("Hazard").search_tokens({"title": "泄漏"}) is None
