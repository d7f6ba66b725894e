"""The notes sheet of a ledger workbook: what every column means and what it accepts."""

from __future__ import annotations

from graph.enums import OfficerRole
from seed.ledgers.kinds import LIST_SEPARATOR, Column, Kind, alternate_keys, property_format
from seed.ledgers.values import choice_labels

NOTES_TITLE = {"en": "notes", "zh": "说明"}
NOTES_HEADER = {
    "en": ["column", "中文列名", "required", "accepts", "meaning"],
    "zh": ["列名", "English column", "必填", "取值", "含义"],
}


def notes_rows(kind: Kind, lang: str) -> list[list[str]]:
    """One row per column: its header in both languages, whether it is required, the values
    it accepts and what it means; then how the import treats the ledger as a whole."""
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    rows = [NOTES_HEADER[lang]]
    for column in kind.columns:
        other = column.key if lang == "zh" else column.zh
        rows.append(
            [
                column.header(lang),
                other,
                yes if column.required else no,
                _accepts(kind, column),
                column.note,
            ]
        )
    rows.append([])
    rows += [[line] for line in _GENERAL[lang]]
    return rows


def _accepts(kind: Kind, column: Column) -> str:
    if kind.label is None and column.key == "post":
        return "head / 网长 / 格长, " + ", ".join(f"{r.value} / {r.zh}" for r in OfficerRole)
    if column.prop is not None and column.prop.choices and kind.label is not None:
        labels = choice_labels(kind.label, column.prop.name)
        return ", ".join(f"{value} / {zh}" for value, zh in labels.items())
    if column.prop is not None:
        return property_format(column.prop)
    if column.since_of is not None or column.until_of is not None or column.key == "since":
        return "date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM:SSZ"
    targets: tuple[str, ...]
    if kind.label is None:  # the posts ledger: the unit, and its holders
        targets, several = (
            (("Person",), True) if column.key == "person" else (("Net", "Cell"), False)
        )
    else:
        assert column.link is not None
        targets, several = column.link.targets, column.link.many
    keys = " or ".join(dict.fromkeys(["uid", *(k for t in targets for k in alternate_keys(t))]))
    article = "an" if targets[0][:1] in "AEIOU" else "a"
    what = f"{keys} of {article} {' / '.join(targets)}"
    return f"{what}; several separated by {LIST_SEPARATOR}" if several else what


_GENERAL = {
    "en": [
        "Row 1 is the header; headers may be English or Chinese. Blank rows are skipped.",
        "Columns you add for yourself must start with # (序号 and 备注 are ignored too); "
        "any other unknown column is an error.",
        "A row is the truth for the columns present: a blank reference removes the link, "
        "a changed owner/head/member closes the old assignment and opens a new one. "
        "An end date (owner_until …) records a past holder, or with the holder left blank "
        "ends the current one on that date.",
        "If any row has a problem nothing is imported; every problem is listed at once.",
    ],
    "zh": [
        "第1行为表头，中英文列名均可；空行自动跳过。",
        "自行添加的列请以 # 开头（序号、备注列自动忽略），其他无法识别的列会报错。",
        "每行以所填列为准：引用列留空即解除关联；责任人、网长格长、微格成员等变更时，原任职记录"
        "填写截止时间，新任职从导入时间（或起始日期列）开始，历史保留。填写结束日期列可记录以往的"
        "任职（起止日期均填）；对象列留空只填结束日期，即当前任职于该日结束。",
        "任一行有错则整批不导入，所有错误一次列出。",
    ],
}
