"""The report page: one HTML file holding its charts (plotly, plotly.js embedded once), its
tables and its styles, so that it opens from a file with no network.

Every text from the outputs is untrusted (a report may print ``<script>``): table cells are
HTML-escaped, and chart labels too (plotly.js reads its labels as a little HTML of its own,
``<b>``, ``<a href>``, and turns entities back into text). The page's Content-Security-Policy
allows only its own scripts, by their hashes, and nothing from elsewhere: an injected script
would not run, and any fetch would be refused (and said on the console, which the browser test
watches). The bytes depend only on the outputs: no time, no random ids.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from typing import Any

from govtasks.models import PERIOD_ORDER
from govtasks.report.aggregate import (
    STATUSES,
    BehindRow,
    Listed,
    StatusMix,
    TasksByDistrict,
    Timeline,
    Totals,
    behind,
    rejected,
    rejected_by_code,
    shorten,
    status_mix,
    tasks_by_district,
    timelines,
    totals,
)
from govtasks.report.outputs import Outputs

#: Fonts that show Chinese on Linux (Noto/Source Han), macOS (PingFang, Hiragino) and Windows
#: (Microsoft YaHei), installed ones only: the page loads no web font.
FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", "Helvetica Neue", Arial, sans-serif'
)

#: One colour per status, the same in every chart and chip.
COLOURS: dict[str, str] = {
    "completed": "#2e7d32",
    "in_progress": "#1f77b4",
    "behind": "#d62728",
    "not_started": "#ff9f1c",
    "unknown": "#b0b0b0",
}

#: plotly.js options: no logo, no link to plotly's cloud; charts follow the page's width.
_CONFIG = {"displaylogo": False, "responsive": True}

_CSS = """
body { font-family: %(fonts)s; margin: 0 auto; max-width: 1200px; padding: 16px 24px; color: #222; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.note { color: #555; font-size: 13px; margin: 4px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 16px; min-width: 110px; }
.card .n { font-size: 26px; font-weight: 600; }
.card .label { font-size: 13px; color: #555; }
.chip { display: inline-block; border-radius: 10px; padding: 1px 10px; margin: 2px 4px 2px 0;
        color: #fff; font-size: 13px; }
table { border-collapse: collapse; width: 100%%; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; white-space: nowrap; }
mark { background: #ffd6d6; }
"""


def build_page(outputs: Outputs) -> str:
    """The whole page for ``outputs``, as text."""
    run = outputs.run
    sections = [
        _totals_section(totals(outputs), run),
        _tasks_section(tasks_by_district(outputs.tasks)),
        _status_section(status_mix(outputs.progress, outputs.reports)),
        _behind_section(behind(outputs)),
        _timeline_section(timelines(outputs)),
        _rejected_section(outputs.rejected),
    ]
    version = " ".join(
        f"{label} {_text(str(run[key]))}"
        for label, key in (("govtasks", "govtasks"), ("parser", "parser_version"))
        if run.get(key)
    )
    body = "\n".join(
        [
            "<h1>Government Work Report tasks: the outputs at a glance</h1>",
            f'<p class="note">Made by {version or "govtasks"} from the tables of one output folder; '
            "every row is in its CSV and Parquet files.</p>",
            *sections,
        ]
    )
    from plotly.offline import get_plotlyjs

    scripts = [get_plotlyjs(), *re.findall(r"<script>(.*?)</script>", body, flags=re.DOTALL)]
    policy = (
        "default-src 'none'; script-src "
        + " ".join(f"'sha256-{_sha256(script)}'" for script in scripts)
        + "; style-src 'unsafe-inline'; img-src data:; font-src data:"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>govtasks report</title>\n"
        f"<style>{_CSS % {'fonts': FONTS}}</style>\n"
        f"<script>{scripts[0]}</script>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _sha256(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _text(value: str) -> str:
    """Text from the outputs, escaped for HTML (and for plotly.js labels, which read entities).

    >>> _text('<script>alert("x")</script> & 完成')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 完成'
    """
    return html.escape(value)


def _label(value: str) -> str:
    """A chart label: escaped, as plotly.js reads ``<b>`` and ``<a>`` in labels as markup.

    >>> _label("<b>甲</b>")
    '&lt;b&gt;甲&lt;/b&gt;'
    """
    return html.escape(value, quote=False)


def _note(text: str) -> str:
    return f'<p class="note">{text}</p>'


def _chart(figure: Any, div_id: str, height: int, legend_below: bool = False) -> str:
    """A figure as a div and its script (plotly.js itself is in the page's head once)."""
    import plotly.io as pio

    figure.update_layout(
        height=height,
        font={"family": FONTS, "size": 12},
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        # Above the plot, or below it where the x axis is drawn on top.
        legend={
            "orientation": "h",
            "x": 0,
            "traceorder": "normal",
            **({"yanchor": "top", "y": -0.01} if legend_below else {"yanchor": "bottom", "y": 1.02}),
        },
    )
    # The div and its call written here rather than by pio.to_html: a fixed div id (plotly makes
    # a random uuid otherwise), and JSON from the standard library's encoder whether or not
    # orjson is installed (orjson writes Chinese as UTF-8, json as \u escapes): the same outputs
    # give the same bytes on every machine. Both escape "<", ">" and "/" inside the script.
    figure_json = figure.to_plotly_json()
    data, layout = (pio.json.to_json_plotly(figure_json[key], engine="json") for key in ("data", "layout"))
    config = pio.json.to_json_plotly(_CONFIG, engine="json")
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div>\n'
        f'<script>Plotly.newPlot("{div_id}", {data}, {layout}, {config});</script>'
    )


def _table(head: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    """An HTML table; the cells are HTML already (escaped by the caller)."""
    numeric = numeric or set()
    lines = ["<table>", "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _more(listed: Listed[Any], what: str, where: str) -> str:
    if not listed.more:
        return ""
    return _note(
        f"The first {len(listed.rows):,} of {listed.total:,} {what} are shown; "
        f"{listed.more:,} more are in {where}."
    )


# --- sections ------------------------------------------------------------------------------------


def _totals_section(found: Totals, run: dict[str, Any]) -> str:
    cards = [
        ("files", found.files),
        ("reports", found.reports),
        ("tasks", found.tasks),
        ("progress rows", found.progress_rows),
        ("rejected files", found.rejected),
    ]
    html_cards = "".join(
        f'<div class="card"><div class="n">{n:,}</div><div class="label">{label}</div></div>'
        for label, n in cards
    )
    chips = "".join(
        f'<span class="chip" style="background:{COLOURS[s]}">{s.replace("_", " ")}: {n:,}</span>'
        for s, n in found.by_status.items()
    )
    parts = ['<section id="totals">', "<h2>Totals</h2>", f'<div class="cards">{html_cards}</div>']
    parts.append(f"<p>Progress rows by status: {chips}</p>")
    share = run.get("share_with_targets")
    if isinstance(share, int | float) and not isinstance(share, bool):
        parts.append(_note(f"{share:.0%} of progress rows state a target figure."))
    parts.append("</section>")
    return "\n".join(parts)


def _tasks_section(found: TasksByDistrict) -> str:
    import plotly.graph_objects as go

    parts = ['<section id="tasks">', "<h2>Tasks by district and year</h2>"]
    if not found.districts:
        return "\n".join([*parts, _note("No task in the outputs."), "</section>"])
    names = [_label(d) for d in found.districts]
    if found.other_districts:
        names.append(f"other {found.other_districts} districts")
    figure = go.Figure()
    for year in found.years:
        counts = [found.counts.get((d, year), 0) for d in found.districts]
        if found.other_districts:
            counts.append(found.others.get(year, 0))
        figure.add_bar(
            x=names,
            y=counts,
            name=str(year),
            hovertemplate="%{x}, " + str(year) + ": %{y} tasks<extra></extra>",
        )
    # The legend names the years even when there is one.
    figure.update_layout(barmode="stack", yaxis_title="tasks", xaxis={"type": "category"}, showlegend=True)
    parts.append(_chart(figure, "chart-tasks", 380))
    if found.other_districts:
        parts.append(
            _note(
                f"The {len(found.districts)} districts with the most tasks are drawn; the other "
                f"{found.other_districts} are summed in the last bar."
            )
        )
    parts.append("</section>")
    return "\n".join(parts)


def _status_section(found: StatusMix) -> str:
    import plotly.graph_objects as go

    parts = ['<section id="status">', "<h2>Status of progress rows by district and period</h2>"]
    if not found.groups:
        return "\n".join([*parts, _note("No progress row in the outputs."), "</section>"])
    # One horizontal bar per district, year and period, labelled in full: plotly's two-level
    # (multicategory) axis orders its inner labels by first appearance over all districts, not
    # as given, so "2022 Q3" of one district would come before "2020 Q2" of the next.
    labels = [_label(f"{district} {year} {period}") for district, year, period in found.groups]
    figure = go.Figure()
    for status in STATUSES:
        figure.add_bar(
            y=labels,
            x=[found.counts[g][status] for g in found.groups],
            orientation="h",
            name=status.replace("_", " "),
            marker_color=COLOURS[status],
            hovertemplate="%{y}: %{x} rows " + status.replace("_", " ") + "<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"side": "top"},  # rows, as the heading says (a title there would meet the mode bar)
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
        },
    )
    parts.append(_chart(figure, "chart-status", 130 + 20 * len(labels), legend_below=True))
    parts.append(
        _note(
            "Periods in the order of the year (PLAN, Q1, H1, Q3, FY …); the status is read from each "
            "row's progress text, with the phrase that decided it."
        )
    )
    if found.left_out:
        parts.append(_note(f"{found.left_out} more districts ({found.left_out_rows:,} rows) are not drawn."))
    parts.append("</section>")
    return "\n".join(parts)


def _behind_section(found: Listed[BehindRow]) -> str:
    parts = ['<section id="behind">', "<h2>Tasks reported behind</h2>"]
    if not found.total:
        return "\n".join([*parts, _note("No progress row is reported behind."), "</section>"])
    rows = []
    for row in found.rows:
        evidence = _text(row.evidence or "")
        if row.context and row.evidence:
            before, _, after = row.context.partition(row.evidence)
            evidence = f"{_text(before)}<mark>{_text(row.evidence)}</mark>{_text(after)}"
        rows.append(
            [
                _text(row.district),
                str(row.year),
                _text(row.period),
                _text(row.task),
                evidence,
                f"{_text(row.source_file)}<br>{_text(row.where)}",
            ]
        )
    parts.append(_table(["district", "year", "period", "task", "evidence", "where"], rows, numeric={1}))
    parts.append(_more(found, "rows reported behind", "progress.csv (status = behind)"))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _timeline_section(found: Listed[Timeline]) -> str:
    import plotly.graph_objects as go

    parts = ['<section id="timeline">', "<h2>Tasks across reports</h2>"]
    if not found.total:
        return "\n".join([*parts, _note("No task is stated in two reports or more."), "</section>"])
    ids = _short_ids([t.task_id for t in found.rows])
    labels = {
        t.task_id: _label(f"{ids[t.task_id]} {t.district} {t.year} · {shorten(t.content, 22)}")
        for t in found.rows
    }

    periods = sorted({p for t in found.rows for p, _, _ in t.points}, key=PERIOD_ORDER.__getitem__)
    figure = go.Figure()
    for status in STATUSES:
        xs, ys, hover = [], [], []
        for t in found.rows:
            for period, s, evidence in t.points:
                if s != status:
                    continue
                xs.append(period)
                ys.append(labels[t.task_id])
                said = f" ({_label(evidence)})" if evidence else ""
                hover.append(
                    f"{_label(shorten(t.content, 60))}<br>{period}: {status.replace('_', ' ')}{said}"
                )
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=status.replace("_", " "),
            marker={"color": COLOURS[status], "size": 13, "symbol": "square"},
            hovertext=hover,
            hoverinfo="text",
        )
    figure.update_layout(
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods, "side": "top"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [labels[t.task_id] for t in found.rows],
            "autorange": "reversed",
        },
    )
    parts.append(_chart(figure, "chart-timeline", 140 + 22 * len(found.rows), legend_below=True))
    parts.append(
        _note(
            "Each line is a task (its id, district, year and first words), each square its status in "
            "a report of that period; the tasks stated in the most reports first."
        )
    )
    parts.append(
        _more(
            found,
            "tasks stated in two reports or more",
            "tasks.csv (n_reports ≥ 2); <code>govtasks explain TASK_ID</code> shows one",
        )
    )
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _short_ids(task_ids: list[str], length: int = 7) -> dict[str, str]:
    """Each id cut to ``length`` characters (as git shows commits), or whole where two cut ids
    would be one: a chart label must be unique, plotly draws equal labels as one line.

    >>> _short_ids(["t1ca6ab0c2e4f", "t7cae61aa0b21", "t7cae61ff0000"])
    {'t1ca6ab0c2e4f': 't1ca6ab', 't7cae61aa0b21': 't7cae61aa0b21', 't7cae61ff0000': 't7cae61ff0000'}
    """
    cut = Counter(task_id[:length] for task_id in task_ids)
    return {task_id: task_id[:length] if cut[task_id[:length]] == 1 else task_id for task_id in task_ids}


def _rejected_section(rows: list[dict[str, str]]) -> str:
    parts = ['<section id="rejected">', "<h2>Rejected files</h2>"]
    if not rows:
        return "\n".join([*parts, _note("No file was rejected."), "</section>"])
    codes = ", ".join(f"{_text(code)}: {n}" for code, n in rejected_by_code(rows))
    parts.append(_note(f"By code: {codes}."))
    found = rejected(rows)
    table = [
        [_text(r.get("file", "")), _text(r.get("code", "")), _text(shorten(r.get("reason", ""), 300))]
        for r in found.rows
    ]
    parts.append(_table(["file", "code", "reason"], table))
    parts.append(_more(found, "rejected files", "rejected.csv"))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)
