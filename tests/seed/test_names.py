"""Chinese names: deterministic from the random source, plausible in shape."""

from __future__ import annotations

import random

from seed.names import (
    BRIGADES,
    PlaceNamer,
    branch_name,
    brigade_name,
    cell_name,
    chinese_number,
    microcell_name,
    person_name,
)


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_person_names_are_deterministic_and_chinese() -> None:
    first = [person_name(random.Random(5)) for _ in range(3)]
    assert first == [person_name(random.Random(5)) for _ in range(3)]
    rng = random.Random(1)
    names = [person_name(rng) for _ in range(2000)]
    assert all(_is_cjk(n) and 2 <= len(n) <= 4 for n in names)
    assert 1500 < len(set(names)) < 2000, "varied, with the repeats a real workforce has"


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 3, 10, 12, 20, 23, 99)] == [
        "一",
        "三",
        "十",
        "十二",
        "二十",
        "二十三",
        "九十九",
    ]


def test_the_company_has_twenty_three_brigades_with_distinct_names() -> None:
    assert len(BRIGADES) == 23
    assert len({b.name for b in BRIGADES}) == 23
    assert brigade_name(BRIGADES[0], 0) == "采气一大队"
    assert brigade_name(BRIGADES[0], 1) == "采气一大队（二区）"


def test_unit_names_follow_the_article() -> None:
    assert branch_name("采气一大队", 3, None) == "采气一大队第三党支部"
    assert branch_name("采气一大队", 0, "徐深作业区") == "采气一大队徐深作业区党支部"
    assert cell_name("徐深9集气站") == "徐深9集气站先锋格"
    assert microcell_name("王建军") == "王建军微格"


def test_place_names_never_repeat_even_for_a_small_field() -> None:
    namer = PlaceNamer(random.Random(3))
    places = [namer.scene_place(("庆哈线",)) for _ in range(300)]
    places += [namer.scene_place(("南一处理站",)) for _ in range(300)]
    assert len(set(places)) == len(places)
