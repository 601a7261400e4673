"""Sidecar .meta.toml files override what a document says or what was inferred."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtasks.errors import BadSidecar
from govtasks.models import ReportFacts
from govtasks.read.sidecar import apply_sidecar, read_sidecar
from govtasks.read.sources import list_sources

INFERRED = ReportFacts(
    district="余杭区", year=2021, period="H1", inferred={"year": "from the text", "district": "x"}
)


def test_sidecar_overrides_and_clears_inferred(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text("x", encoding="utf-8")
    (tmp_path / "report.txt.meta.toml").write_text(
        'year = 2022\npublished = 2022-07-15\ntitle = "半年报"\n', encoding="utf-8"
    )
    facts = apply_sidecar(INFERRED, read_sidecar(source), source.name)
    assert (facts.year, facts.published, facts.title, facts.district) == (
        2022,
        "2022-07-15",
        "半年报",
        "余杭区",
    )
    assert facts.inferred == {"district": "x"}


def test_no_sidecar_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    assert apply_sidecar(INFERRED, read_sidecar(source), source.name) == INFERRED


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("year = ", "not valid TOML"),
        ('color = "red"', "unknown keys: color"),
        ('period = "Q5"', "period"),
        ('published = "15 July"', "published"),
    ],
)
def test_bad_sidecars_are_reported(tmp_path: Path, body: str, message: str) -> None:
    source = tmp_path / "report.txt"
    (tmp_path / "report.txt.meta.toml").write_text(body, encoding="utf-8")
    with pytest.raises(BadSidecar, match=message):
        apply_sidecar(INFERRED, read_sidecar(source), source.name)


def test_sidecars_and_hidden_files_are_not_sources(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "a.txt.meta.toml", ".hidden.txt", ".git/config", "sub/c.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in list_sources(tmp_path)] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
    ]
