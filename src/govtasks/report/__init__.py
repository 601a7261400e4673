"""``govtasks report``: one self-contained HTML page showing an output folder at a glance.

- outputs.py   the output folder read back (the columns the page needs), or a named error;
- aggregate.py counts and short lists, bounded, computed before anything is embedded;
- page.py      the page: plotly charts (plotly.js embedded once), escaped tables, a strict CSP.
"""

from __future__ import annotations

from pathlib import Path

from govtasks.report.outputs import NotAnOutputFolder, OutputsIncomplete, read_outputs

__all__ = ["NotAnOutputFolder", "OutputsIncomplete", "write_report"]


def write_report(out_dir: Path, html_file: Path) -> int:
    """Write the page of the outputs in ``out_dir`` to ``html_file``; its size in bytes."""
    from govtasks.report.page import build_page

    data = build_page(read_outputs(out_dir)).encode("utf-8")
    html_file.write_bytes(data)
    return len(data)
