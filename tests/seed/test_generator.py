"""The generator, without a database: determinism, volumes, and the organisation's rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from graph.enums import OfficerRole, StandardDimension, StandardDomain
from graph.schema import relationship_spec, validate_node, validate_relationship
from seed.dataset import SEED_TODAY, Dataset
from seed.generator import generate

OBJECTS = ("Equipment", "Area", "WorkItem")


def _rels(data: Dataset, source: str, rel_type: str, target: str) -> list[dict]:
    return data.relationships.get((source, rel_type, target), [])


def _current(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r.get("until") is None]


def _defective(data: Dataset, *rules: str) -> set[str]:
    return {uid for rule in rules for uid in data.defects[rule]}


# --- determinism -------------------------------------------------------------------------


def test_same_seed_gives_the_same_dataset(dataset: Dataset) -> None:
    assert generate(scale=1, seed=2026).fingerprint() == dataset.fingerprint()


def test_another_seed_gives_other_people(dataset: Dataset) -> None:
    other = generate(scale=1, seed=2027)
    names = [p["name"] for p in dataset.nodes["Person"]]
    assert [p["name"] for p in other.nodes["Person"]] != names
    assert other.fingerprint() != dataset.fingerprint()


def test_today_is_the_fixed_reference_date(dataset: Dataset) -> None:
    assert date(2026, 11, 15) == SEED_TODAY
    assert dataset.today == SEED_TODAY
    assert (dataset.scale, dataset.seed) == (1, 2026)


# --- volumes ------------------------------------------------------------------------------


def test_scale_one_volumes_follow_the_article(dataset: Dataset) -> None:
    counts = dataset.node_counts()
    levels = Counter(n["level"] for n in dataset.nodes["Net"])
    assert levels == {2: 1, 3: 23, 4: 92}
    assert counts["Cell"] == 311
    assert 1400 <= counts["MicroCell"] <= 1500
    assert counts["Person"] == 4500
    assert counts["HealthRecord"] == 4500
    assert counts["Equipment"] == 23_000
    assert counts["Area"] == 1800
    assert counts["WorkItem"] == 3000
    assert counts["RiskList"] == 184
    assert counts["RiskPoint"] == 8491
    assert counts["Hazard"] == 1168
    assert counts["Problem"] == 2150
    assert counts["TrainingSession"] == 170
    assert counts["PartnerOrg"] == 11
    assert counts["Agreement"] == 1
    assert counts["TackleTeam"] == 23
    assert counts["Process"] == 92 * 8
    assert counts["DataSource"] == 92 * 7
    assert counts["Assessment"] == 311 * 12 - len(dataset.defects["cell_without_assessment"])
    levels = Counter(s["level"] for s in dataset.nodes["Standard"])
    assert levels == {"guidance": 400, "unit": 1200}


def test_scale_multiplies_everything_below_the_company() -> None:
    data = generate(scale=2, seed=3)
    counts = data.node_counts()
    assert Counter(n["level"] for n in data.nodes["Net"]) == {2: 1, 3: 46, 4: 184}
    assert counts["Cell"] == 622
    assert counts["Person"] == 9000
    assert counts["RiskPoint"] == 16_982
    levels = Counter(s["level"] for s in data.nodes["Standard"])
    assert levels == {"guidance": 400, "unit": 2400}
    assert counts["PartnerOrg"] == 11
    assert len({p["uid"] for p in data.nodes["Person"]}) == 9000


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        generate(scale=0)


# --- well-formed rows ------------------------------------------------------------------------


def test_every_node_row_passes_schema_validation(dataset: Dataset) -> None:
    for label, rows in dataset.nodes.items():
        for row in rows:
            validate_node(label, row)


def test_every_relationship_row_passes_schema_validation(dataset: Dataset) -> None:
    for key, rows in dataset.relationships.items():
        spec = relationship_spec(*key)
        for row in rows:
            validate_relationship(spec, {k: v for k, v in row.items() if k not in ("a", "b")})


def test_uids_are_unique_across_all_labels(dataset: Dataset) -> None:
    uids = [row["uid"] for rows in dataset.nodes.values() for row in rows]
    assert len(uids) == len(set(uids))
    for unique in (("Person", "employee_no"), ("Standard", "code")):
        values = [row[unique[1]] for row in dataset.nodes[unique[0]]]
        assert len(values) == len(set(values))


def test_every_endpoint_exists_with_its_label(dataset: Dataset) -> None:
    uids = {label: {r["uid"] for r in rows} for label, rows in dataset.nodes.items()}
    for (source, _, target), rows in dataset.relationships.items():
        assert all(r["a"] in uids[source] and r["b"] in uids[target] for r in rows)


def test_no_two_rows_share_a_merge_key(dataset: Dataset) -> None:
    """The writer MERGEs on (a, b) — plus ``since`` for temporal ones — so a duplicate would
    silently collapse and the loaded counts would differ from the generated ones."""
    for key, rows in dataset.relationships.items():
        temporal = relationship_spec(*key).temporal
        keys = [(r["a"], r["b"], r.get("since") if temporal else None) for r in rows]
        assert len(keys) == len(set(keys)), key


def test_dates_are_not_in_the_future(dataset: Dataset) -> None:
    today = SEED_TODAY.isoformat()
    date_fields = (
        *("joined_on", "commissioned_on", "effective_from", "found_on", "closed_on"),
        *("reported_on", "resolved_on", "checked_on", "held_on", "visited_on"),
    )
    for rows in dataset.nodes.values():
        for row in rows:
            assert all(row[f] <= today for f in date_fields if row.get(f)), row
    for rows in dataset.relationships.values():
        for row in rows:
            if "since" in row:
                assert row["since"][:10] <= today
            if row.get("until"):
                assert row["since"] < row["until"] and row["until"][:10] <= today


# --- the organisation's rules, outside the planted defects ----------------------------------


def test_micro_cells_have_one_party_lead_who_is_also_a_member(dataset: Dataset) -> None:
    party = {p["uid"]: p["party_member"] for p in dataset.nodes["Person"]}
    members = {(r["a"], r["b"]) for r in _rels(dataset, "Person", "MEMBER_OF", "MicroCell")}
    leads = _rels(dataset, "Person", "LEADS", "MicroCell")
    assert Counter(r["b"] for r in leads).most_common(1)[0][1] == 1
    odd = _defective(dataset, "microcell_lead_not_party_member")
    elsewhere = _defective(dataset, "microcell_lead_not_member")
    for row in leads:
        assert (row["a"], row["b"]) in members or row["b"] in elsewhere
        assert party[row["a"]] or row["b"] in odd
    assert 0.33 <= sum(party.values()) / len(party) <= 0.38


def test_every_person_is_in_exactly_one_micro_cell(dataset: Dataset) -> None:
    count = Counter(r["a"] for r in _rels(dataset, "Person", "MEMBER_OF", "MicroCell"))
    exceptions = _defective(dataset, "person_without_microcell", "person_in_several_microcells")
    assert all(count[p["uid"]] == 1 for p in dataset.nodes["Person"] if p["uid"] not in exceptions)


def _person_cells(data: Dataset) -> dict[str, set[str]]:
    cell_of = {r["a"]: r["b"] for r in _rels(data, "MicroCell", "PART_OF", "Cell")}
    cells: dict[str, set[str]] = defaultdict(set)
    for row in _rels(data, "Person", "MEMBER_OF", "MicroCell"):
        cells[row["a"]].add(cell_of[row["b"]])
    return cells


def _subtree_cells(data: Dataset) -> dict[str, set[str]]:
    parent = {r["a"]: r["b"] for r in _rels(data, "Net", "PART_OF", "Net")}
    cells: dict[str, set[str]] = defaultdict(set)
    for row in _rels(data, "Cell", "PART_OF", "Net"):
        net: str | None = row["b"]
        while net is not None:
            cells[net].add(row["a"])
            net = parent.get(net)
    return cells


def test_heads_belong_to_the_unit_they_head(dataset: Dataset) -> None:
    person_cells = _person_cells(dataset)
    subtree = _subtree_cells(dataset)
    cell_heads = _current(_rels(dataset, "Person", "HEAD_OF", "Cell"))
    net_heads = _current(_rels(dataset, "Person", "HEAD_OF", "Net"))
    assert len(cell_heads) == 311 - 1 and len(net_heads) == 116 - 1
    assert all(r["b"] in person_cells[r["a"]] for r in cell_heads)
    assert all(person_cells[r["a"]] & subtree[r["b"]] for r in net_heads)
    heads = [r["a"] for r in cell_heads + net_heads]
    assert len(heads) == len(set(heads)), "nobody heads two units"


def test_some_heads_and_objects_have_history(dataset: Dataset) -> None:
    heads = [
        *_rels(dataset, "Person", "HEAD_OF", "Cell"),
        *_rels(dataset, "Person", "HEAD_OF", "Net"),
    ]
    closed = sum(1 for r in heads if r.get("until"))
    assert 0.06 <= closed / (311 + 116) <= 0.14
    owned = [r for label in OBJECTS for r in _rels(dataset, label, "OWNED_BY", "Person")]
    closed = sum(1 for r in owned if r.get("until"))
    assert 0.02 <= closed / 27_800 <= 0.04


def test_every_cell_has_all_eight_officers_from_its_own_people(dataset: Dataset) -> None:
    person_cells = _person_cells(dataset)
    roles: dict[str, set[str]] = defaultdict(set)
    for row in _rels(dataset, "Person", "OFFICER_OF", "Cell"):
        assert row["b"] in person_cells[row["a"]]
        roles[row["b"]].add(row["role"])
    lacking = _defective(dataset, "cell_missing_officer_role")
    for cell in dataset.nodes["Cell"]:
        expected = {r.value for r in OfficerRole}
        if cell["uid"] in lacking:
            expected.discard(OfficerRole.SAFETY_SUPERVISOR.value)
        assert roles[cell["uid"]] == expected


def test_objects_stay_inside_their_cell(dataset: Dataset) -> None:
    belongs = {
        r["a"]: r["b"]
        for label in (*OBJECTS, "RiskPoint")
        for r in _rels(dataset, label, "BELONGS_TO", "Cell")
    }
    for row in _rels(dataset, "Equipment", "LOCATED_IN", "Area"):
        assert belongs[row["a"]] == belongs[row["b"]]
    for target in ("Equipment", "Area"):
        for row in _rels(dataset, "RiskPoint", "AT", target):
            assert belongs[row["a"]] == belongs[row["b"]]
    governed = Counter(
        r["a"] for label in OBJECTS for r in _rels(dataset, label, "GOVERNED_BY", "Standard")
    )
    assert set(governed.values()) <= {1, 2}


def test_risk_points_are_graded_and_listed(dataset: Dataset) -> None:
    grades = Counter(r["grade"] for r in dataset.nodes["RiskPoint"])
    shares = {g: n / 8491 for g, n in grades.items()}
    assert 0.01 <= shares["red"] <= 0.03 and 0.08 <= shares["orange"] <= 0.12
    assert 0.27 <= shares["yellow"] <= 0.33 and 0.54 <= shares["blue"] <= 0.62
    assert len(_rels(dataset, "RiskPoint", "LISTED_IN", "RiskList")) == 8491
    controls = Counter(r["a"] for r in _rels(dataset, "Duty", "CONTROLS", "RiskPoint"))
    assert set(controls.values()) <= {1, 2, 3, 4}


def test_hazards_close_in_time_and_are_verified_by_someone_else(dataset: Dataset) -> None:
    owner = {r["a"]: r["b"] for r in _rels(dataset, "Hazard", "OWNED_BY", "Person")}
    verifier = {r["a"]: r["b"] for r in _rels(dataset, "Hazard", "VERIFIED_BY", "Person")}
    overdue = set(dataset.defects["hazard_overdue"])
    today = SEED_TODAY.isoformat()
    for hazard in dataset.nodes["Hazard"]:
        if hazard["status"] in ("closed", "verified", "rectified"):
            assert hazard["found_on"] <= hazard["closed_on"] <= hazard["deadline"]
        elif hazard["uid"] not in overdue:
            assert hazard["deadline"] >= today
        if hazard["status"] in ("closed", "verified"):
            assert verifier[hazard["uid"]] != owner[hazard["uid"]]
    closed = sum(h["status"] == "closed" for h in dataset.nodes["Hazard"])
    assert closed / 1168 > 0.75


def test_problems_escalate_only_when_big_and_anonymous_ones_have_no_reporter(
    dataset: Dataset,
) -> None:
    reported = {r["a"] for r in _rels(dataset, "Problem", "REPORTED_BY", "Person")}
    escalated = {r["a"] for r in _rels(dataset, "Problem", "ESCALATED_TO", "Net")}
    for problem in dataset.nodes["Problem"]:
        assert (problem["uid"] in reported) != problem["anonymous"]
        assert (problem["uid"] in escalated) == (problem["scale"] == "big")
    statuses = Counter(p["status"] for p in dataset.nodes["Problem"])
    assert (statuses["closed"] + statuses["resolved"]) / 2150 > 0.85


def test_standards_cover_every_dimension_and_domain(dataset: Dataset) -> None:
    guidance = [s for s in dataset.nodes["Standard"] if s["level"] == "guidance"]
    pairs = {(s["dimension"], s["domain"]) for s in guidance}
    assert len(pairs) == len(StandardDimension) * len(StandardDomain) == 120


def test_visits_fall_on_tuesdays_and_wednesdays_by_a_head_of_the_day(dataset: Dataset) -> None:
    tenures = defaultdict(list)
    for row in _rels(dataset, "Person", "HEAD_OF", "Net"):
        tenures[row["a"]].append((row["since"][:10], (row.get("until") or "9999")[:10]))
    visitor = {r["a"]: r["b"] for r in _rels(dataset, "Visit", "VISITED_BY", "Person")}
    for visit in dataset.nodes["Visit"]:
        assert date.fromisoformat(visit["visited_on"]).weekday() in (1, 2)
        day = visit["visited_on"]
        assert any(s <= day < u for s, u in tenures[visitor[visit["uid"]]])


def test_training_sessions_train_whole_level_four_nets(dataset: Dataset) -> None:
    cell_net = {r["a"]: r["b"] for r in _rels(dataset, "Cell", "PART_OF", "Net")}
    trained: dict[str, set[str]] = defaultdict(set)
    for row in _rels(dataset, "TrainingSession", "TRAINED", "Cell"):
        trained[row["a"]].add(row["b"])
    assert len(trained) == 170
    assert all(1 <= len({cell_net[c] for c in cells}) <= 2 for cells in trained.values())


def test_duties_are_complete_outside_the_planted_ones(dataset: Dataset) -> None:
    incomplete = set(dataset.defects["duty_missing_element"])
    elements = ("matter", "responsibility", "schedule", "space")
    officer = [d for d in dataset.nodes["Duty"] if d.get("role")]
    in_process = {r["a"] for r in _rels(dataset, "Duty", "IN_PROCESS", "Process")}
    assert all(d["uid"] in in_process for d in officer)
    for duty in dataset.nodes["Duty"]:
        if duty["uid"] not in incomplete:
            assert all(duty.get(e) for e in elements)
