"""Every root Query field has a test (NetBox style): adding a root field without naming its
test here fails, and so does naming a test that does not exist."""

from __future__ import annotations

import importlib
from pathlib import Path

from api.graphql.schema import build_schema
from api.settings import Settings

ROOT = Path(__file__).parents[2]

ROOT_FIELD_TESTS: dict[str, str] = {
    "stats": "tests.api.test_app::test_stats_query_matches_the_engine_counts",
    "trace": "tests.api.test_graphql_analysis::test_trace_returns_the_chain_up_to_the_level_2_head",
    "impact": "tests.api.test_graphql_analysis::test_impact_lists_what_a_person_answers_for",
    "coverageGaps": (
        "tests.api.test_graphql_analysis::test_coverage_gaps_find_the_planted_gaps_and_roll_them_up"
    ),
    "coverageRules": (
        "tests.api.test_graphql_analysis::test_coverage_rules_list_the_catalog_with_chinese_titles"
    ),
    "search": (
        "tests.api.test_graphql_search::test_search_finds_people_and_units_by_partial_chinese"
    ),
    "businessTree": "tests.api.test_graphql_analysis::test_business_tree_of_a_cell",
    "gridOutline": "tests.api.test_grid_outline::test_a_level_4_net_has_the_dataset_counts",
    "analytics": (
        "tests.api.test_graphql_analysis::test_analytics_reports_workload_failure_points_and_spans"
    ),
    "me": "tests.api.test_access::test_nested_fields_search_trace_and_gaps_stay_inside",
    "limits": "tests.api.test_access::test_the_limits_a_client_must_respect_are_readable",
    "history": (
        "tests.api.test_access::test_investigators_read_the_audit_trail_per_node_and_per_actor"
    ),
    "audit": (
        "tests.api.test_access::test_investigators_read_the_audit_trail_per_node_and_per_actor"
    ),
    "node": "tests.api.test_graphql_entities::test_node_round_trips_a_global_id",
    "locate": (
        "tests.api.test_graphql_spatial::"
        "test_locate_finds_the_cell_and_its_chain_up_to_the_level_2_head"
    ),
    "within": "tests.api.test_graphql_spatial::test_within_a_box_lists_by_kind_and_grade",
    "whoToCall": (
        "tests.api.test_graphql_spatial::"
        "test_who_to_call_names_the_heads_officers_and_neighbouring_heads"
    ),
    "mapLayer": (
        "tests.api.test_graphql_spatial::test_map_layer_counts_grades_overdue_hazards_and_gap_flags"
    ),
    "users": (
        "tests.api.test_users_admin::"
        "test_admins_list_every_account_with_role_and_person_and_no_hash"
    ),
    "exportLedgers": ("tests.api.test_admin_api::test_export_round_trips_through_a_dry_run_import"),
    "nodes": (
        "tests.api.test_graphql_entities::test_nodes_keep_the_order_asked_with_null_for_unknown"
    ),
    **{
        field: "tests.api.test_graphql_entities::test_every_kind_is_listed_by_uid_with_its_total"
        for field in (
            "nets",
            "cells",
            "microCells",
            "people",
            "partnerOrgs",
            "agreements",
            "equipment",
            "areas",
            "workItems",
            "standards",
            "duties",
            "processes",
            "dataSources",
            "riskLists",
            "riskPoints",
            "hazards",
            "problems",
            "trainingSessions",
            "tackleTeams",
            "visits",
            "assessments",
        )
    },
}


def root_fields() -> set[str]:
    result = build_schema(Settings()).execute_sync("{ __schema { queryType { fields { name } } } }")
    assert result.errors is None and result.data is not None
    return {field["name"] for field in result.data["__schema"]["queryType"]["fields"]}


def test_every_root_field_has_a_test() -> None:
    fields = root_fields()
    untested = sorted(fields - set(ROOT_FIELD_TESTS))
    stale = sorted(set(ROOT_FIELD_TESTS) - fields)
    assert not untested, f"root fields without a test (add them to ROOT_FIELD_TESTS): {untested}"
    assert not stale, f"ROOT_FIELD_TESTS names fields the schema no longer has: {stale}"


def test_every_named_test_exists_and_queries_its_field() -> None:
    for field, target in ROOT_FIELD_TESTS.items():
        module_name, test_name = target.split("::")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, test_name, None)), f"{field}: no test {target}"
        source = (ROOT / (module_name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
        assert f"{field}(" in source or f"{{ {field} " in source, (
            f"{module_name} never queries {field}"
        )
