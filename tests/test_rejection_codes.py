"""Every rejection reason has a stable code (govtasks.errors), carried to rejected.csv."""

from __future__ import annotations

import csv
import errno
import io
import re
from pathlib import Path

import pytest
from tests.conftest import EXTRA, quiet_console

from govtasks import errors
from govtasks.clean.normalize import load_phrases
from govtasks.models import Rejection
from govtasks.run.ingest import run_ingest
from govtasks.run.per_file import process_file
from govtasks.run.settings import RunSettings
from govtasks.run.summary import REJECTED_COLUMNS


def _subclasses(cls: type[errors.RejectedFile]) -> list[type[errors.RejectedFile]]:
    """Every subclass of ``cls`` that sets its own code. (A class refused for lacking one, as in
    the test below, may linger in ``__subclasses__`` until it is collected.)"""
    found = []
    for sub in cls.__subclasses__():
        found += [sub] if "code" in sub.__dict__ else []
        found += _subclasses(sub)
    return found


def test_every_rejection_reason_has_its_own_kebab_case_code() -> None:
    reasons = _subclasses(errors.RejectedFile)  # run_ingest imported every module that may add one
    codes = [reason.code for reason in reasons]
    assert len(codes) == len(set(codes)), codes
    assert set(codes) == {
        "empty-file",
        "binary-file",
        "undecodable",
        "file-too-large",
        "table-too-large",
        "corrupt-file",
        "encrypted-file",
        "old-office-format",
        "scanned-pdf",
        "unsafe-file",
        "unreadable",
        "unknown-format",
        "no-task-table",
        "ambiguous-format",
        "missing-facts",
        "no-rows",
        "bad-sidecar",
        "worker-died",
        "crashed",
    }
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in codes), codes
    for reason in reasons:  # each documented, the docstring starting with its code
        assert (reason.__doc__ or "").startswith(f"``{reason.code}``"), reason


def test_a_rejection_reason_without_a_code_is_refused() -> None:
    with pytest.raises(TypeError, match="must set its own rejection code"):

        class Forgetful(errors.NoRows):  # inherits NoRows' code: refused all the same
            pass


def test_the_extra_samples_are_rejected_with_their_codes(tmp_path: Path) -> None:
    """The rejected files of shared/samples-extra (a copy in tests/fixtures): one without a
    district, one narrative report, and its README."""
    result = run_ingest(RunSettings(EXTRA, tmp_path / "out", jobs=1), console=quiet_console())
    assert [(r.source_file, r.code) for r in result.rejected] == [
        ("14_shaoxing_city_2020_q1_progress_before_unit.txt", "missing-facts"),
        ("34_xiaoshan_2022_h1_narrative_no_table.txt", "no-task-table"),
        ("README.md", "unknown-format"),
    ]
    text = (tmp_path / "out" / "rejected.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == REJECTED_COLUMNS == ("file", "sha256", "code", "line", "reason", "hint")
    assert [(row["file"], row["code"]) for row in rows] == [(r.source_file, r.code) for r in result.rejected]
    assert rows[0]["reason"] == (
        "could not tell the district of this report (district: a city's report (市政府), but no city named)"
    )
    assert rows[0]["hint"] == errors.MissingFacts.hint


def test_a_file_the_system_will_not_read_is_rejected_as_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, whom chmod does not stop: the refusal is made by hand."""
    (tmp_path / "locked.txt").write_text("序号 | 任务 |\n", encoding="utf-8")
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = process_file(tmp_path / "locked.txt", tmp_path, load_phrases(None))
    assert isinstance(result, Rejection)
    assert (result.code, result.reason, result.sha256) == (
        "unreadable",
        "cannot read file: Permission denied",
        None,
    )


def test_the_readme_lists_every_code_once() -> None:
    """The README's table of rejections ("Runs") has a row for each code, so a new reason
    cannot be added without saying what it means."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**Bad input is set aside") : readme.index("A table cut off mid-row")]
    listed = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.M)
    assert sorted(listed) == sorted(reason.code for reason in _subclasses(errors.RejectedFile))
