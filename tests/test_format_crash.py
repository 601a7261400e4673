"""A crash inside a format module's detect, parse or facts rejects that file, not the run."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SAMPLES, TABLES, copy_samples, quiet_console

from govtasks import cli, formats
from govtasks.errors import FormatCrashed
from govtasks.formats import generic, gongshu_quarterly, xiaoshan_grid, yuhang_plan
from govtasks.models import SourceRow
from govtasks.read.document import Document, read_document
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _break_detect(monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    real = gongshu_quarterly.detect

    def detect(doc: Document) -> float:
        if doc.name == victim:
            return 1 / 0
        return real(doc)

    monkeypatch.setattr(gongshu_quarterly, "detect", detect)


def _break_parse(monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    real = yuhang_plan.parse

    def parse(doc: Document) -> Iterator[SourceRow]:
        yield from islice(real(doc), 2)  # two good rows first: they must not reach the tables
        raise IndexError("list index out of range")

    monkeypatch.setattr(yuhang_plan, "parse", parse)


def _break_facts(monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    def facts(doc: Document) -> Any:
        return doc.no_such_attribute  # type: ignore[attr-defined]

    monkeypatch.setattr(xiaoshan_grid, "facts", facts)


@pytest.mark.parametrize(
    ("sample", "break_it", "reason", "jobs"),
    [
        (
            "002",
            _break_detect,
            "gongshu_quarterly.detect raised ZeroDivisionError: division by zero",
            "2",  # in forked workers, which inherit the broken module
        ),
        ("004", _break_parse, "yuhang_plan.parse raised IndexError: list index out of range", "1"),
        (
            "001",
            _break_facts,
            "xiaoshan_grid.facts raised AttributeError: 'Document' object has no attribute "
            "'no_such_attribute'",
            "1",
        ),
    ],
    ids=["detect", "parse", "facts"],
)
def test_a_crash_in_a_format_module_rejects_its_file_and_the_others_are_ingested(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sample: str,
    break_it: Any,
    reason: str,
    jobs: str,
) -> None:
    raw = copy_samples(tmp_path / "raw")
    victim = SAMPLES[sample].name
    others = [key for key in SAMPLES if key != sample]
    run_ingest(
        RunSettings(copy_samples(tmp_path / "others", others), tmp_path / "clean", jobs=1),
        console=quiet_console(),
    )
    break_it(monkeypatch, victim)
    out = tmp_path / "out"
    status = cli.run(["ingest", str(raw), "--out", str(out), "--jobs", jobs])
    captured = capsys.readouterr()
    assert status == cli.EXIT_REJECTED == 2, captured.err
    assert "Traceback" not in captured.err + captured.out
    [rejected] = _csv(out / "rejected.csv")
    assert (rejected["file"], rejected["code"]) == (victim, "crashed")
    assert rejected["reason"] == f"govtasks failed on this file: {reason}"
    assert rejected["hint"] == FormatCrashed.hint
    files = {line["file"]: line for line in _csv(out / "files.csv")}
    assert (files[victim]["format"], files[victim]["code"]) == ("rejected", "crashed")
    assert sum(line["format"] != "rejected" for line in files.values()) == 4
    # The other four files give exactly the tables they give without the broken one.
    for name in TABLES:
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name


def test_the_registry_guards_every_modules_score(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a module's detect does wrong (raises, returns no number or NaN), choose()
    rejects the document naming the module, instead of raising it."""
    doc = read_document(SAMPLES["004"])
    for broken, raised in [
        (lambda d: dict[str, float]()["序号"], "KeyError: '序号'"),
        (lambda d: "high", "ValueError: could not convert string to float: 'high'"),
        (lambda d: float("nan"), "ValueError: detect returned NaN"),
    ]:
        monkeypatch.setattr(generic, "detect", broken)
        with pytest.raises(FormatCrashed) as crash:
            formats.choose(doc, every_score=True)
        assert crash.value.reason == f"govtasks failed on this file: generic.detect raised {raised}"
        assert crash.value.code == "crashed"
