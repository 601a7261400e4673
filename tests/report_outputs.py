"""Made-up outputs for the report page's tests: as many districts, years and tasks as a test
asks, every status present, rows reported behind, rejected files, and text that tries to
break out of the page."""

from __future__ import annotations

from govtasks.report.outputs import Outputs, Row

PERIODS = ("PLAN", "Q2", "H1", "Q3", "FY")
#: The statuses of a task's rows, in period order, by task number modulo 5.
PATTERNS = (
    ("unknown", "in_progress", "in_progress", "completed", "completed"),
    ("unknown", "in_progress", "behind", "behind", "completed"),
    ("unknown", "not_started", "not_started", "in_progress", "in_progress"),
    ("unknown", "in_progress", "behind", "in_progress", "behind"),
    ("unknown", "unknown", "unknown", "unknown", "unknown"),
)
EVIDENCE = {"completed": "已完成", "in_progress": "推进", "behind": "滞后", "not_started": "尚未启动"}

#: Text that would run or restyle something if it reached the page unescaped.
HOSTILE = '<script>console.error("escaped?")</script><img src=x onerror="console.error(1)"><b>粗</b>&amp;'


def made_up_outputs(
    districts: int, years: int = 1, tasks: int = 5, rejected: int = 2, hostile: bool = False
) -> Outputs:
    """Outputs of ``districts`` districts over ``years`` years, each district and year with a
    report per period of :data:`PERIODS` stating ``tasks`` tasks; ``hostile``: the text of
    :data:`HOSTILE` in a district name, every task, progress text and rejection reason."""
    mark = HOSTILE if hostile else ""
    reports: list[Row] = []
    task_rows: list[Row] = []
    progress: list[Row] = []
    for d in range(districts):
        district = f"{mark}第{d + 1}区" if hostile and d == 0 else f"第{d + 1}区"
        for y in range(years):
            year = 2020 + y
            for t in range(tasks):
                task_id = f"t{d:05d}{y:02d}{t:05d}"
                task_rows.append(
                    {
                        "task_id": task_id,
                        "district": district,
                        "year": year,
                        "content": f"{mark}任务{t + 1}：新建公园{t + 1}个",
                        "n_reports": len(PERIODS),
                    }
                )
            for p, period in enumerate(PERIODS):
                report_id = f"r{d:05d}{y:02d}{p:05d}"
                source = f"{district}{year}年{period}.txt"
                reports.append(
                    {
                        "report_id": report_id,
                        "source_file": source,
                        "district": district,
                        "year": year,
                        "period": period,
                        "duplicate_of": None,
                    }
                )
                for t in range(tasks):
                    status = PATTERNS[t % len(PATTERNS)][p]
                    evidence = EVIDENCE.get(status)
                    progress.append(
                        {
                            "task_id": f"t{d:05d}{y:02d}{t:05d}",
                            "report_id": report_id,
                            "row": t + 1,
                            "source_line": 10 + t,
                            "source_ref": None,
                            "content": f"{mark}任务{t + 1}：新建公园{t + 1}个",
                            "progress": None if evidence is None else f"{mark}工程{evidence}，已建成{t}个",
                            "problems": None,
                            "status": status,
                            "status_evidence": evidence,
                        }
                    )
    rejected_rows = [
        {"file": f"{mark}坏文件{i}.doc", "code": "old-office-format", "reason": f"{mark}旧格式 {i}"}
        for i in range(rejected)
    ]
    run = {"files": len(reports) + rejected, "govtasks": "0.1.0", "parser_version": "0.1.0+test"}
    return Outputs(reports, task_rows, progress, rejected_rows, run)
