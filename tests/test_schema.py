"""The schema is consistent with itself, with its name constants, and with docs/data.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.workbook import schema
from fazhi.workbook.cells import fold
from fazhi.workbook.docs import data_docs
from fazhi.workbook.schema import SHEETS, CaseResult, EnforcementType, Info, MediationResult, sheet

ROOT = Path(__file__).resolve().parents[1]
NAMESPACES = (schema.Info, schema.Meeting, schema.Study, schema.Exam, schema.Publicity, schema.Adviser,
              schema.Decision, schema.Review, schema.Dispute, schema.Petition, schema.Enforcement, schema.Case)


def _constants(namespace: type) -> dict[str, str]:
    return {k: v for k, v in vars(namespace).items() if k.isupper() and k != "SHEET"}


def test_the_issue_lists_these_sheets_in_this_order():
    assert [s.name for s in SHEETS] == ["基本信息", "会议研究", "学法活动", "学法考试", "普法宣传", "法律顾问",
                                        "重大行政决策", "合法性审查", "矛盾纠纷", "信访", "行政执法", "复议诉讼"]
    assert [s.name for s in SHEETS if s.required] == ["基本信息"]
    assert [s.name for s in SHEETS if s.single_row] == ["基本信息"]


def test_every_namespace_names_exactly_its_sheets_columns():
    assert [n.SHEET for n in NAMESPACES] == [s.name for s in SHEETS]
    for namespace in NAMESPACES:
        declared = [c.name for c in sheet(namespace.SHEET).columns]
        assert sorted(_constants(namespace).values()) == sorted(declared), namespace.SHEET


def test_columns_are_unique_and_well_formed():
    for spec in SHEETS:
        names = [c.name for c in spec.columns]
        assert len(set(map(fold, names))) == len(names), spec.name
        for col in spec.columns:
            assert col.description, col.name
            assert bool(col.choices) == (col.kind == "enum"), col.name
            if col.personal:
                assert col.kind == "text" and not col.required, col.name
            if col.unique:
                assert col.kind == "text" and col.required, col.name
        for earlier, later in spec.ordered:
            assert spec.column(earlier).kind == spec.column(later).kind == "date"


def test_choices_stay_distinct_when_folded_and_aliases_point_at_choices():
    for spec in SHEETS:
        for col in spec.columns:
            assert len({fold(c) for c in col.choices}) == len(col.choices), col.name
            for alias, target in col.value_aliases:
                assert target in col.choices, (col.name, alias)
                assert fold(alias) not in {fold(c) for c in col.choices if c != target}


def test_the_personal_columns_are_the_names_of_people():
    personal = {(s.name, c.name) for s in SHEETS for c in s.columns if c.personal}
    assert personal == {("矛盾纠纷", "当事人"), ("法律顾问", "顾问姓名")}


def test_derived_value_sets_are_subsets_of_their_enumerations():
    assert set(CaseResult.LOST) < set(CaseResult.ALL)
    assert set(CaseResult.CONCLUDED) == set(CaseResult.ALL) - {CaseResult.PENDING}
    assert set(MediationResult.CLOSED) == set(MediationResult.ALL) - {MediationResult.ONGOING}
    assert set(EnforcementType.NEEDS_LEGAL_REVIEW) < set(EnforcementType.ALL)


def test_unknown_names_raise():
    with pytest.raises(KeyError):
        sheet("矛盾")
    with pytest.raises(KeyError):
        sheet(Info.SHEET).column("乡")


def test_data_docs_mention_every_sheet_column_and_choice():
    text = data_docs()
    for spec in SHEETS:
        assert f"## {spec.name}" in text
        for col in spec.columns:
            assert f"| {col.name} |" in text
            for choice in col.choices:
                assert choice in text
