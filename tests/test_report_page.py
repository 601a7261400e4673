"""The report page in a real browser: headless Chromium (Debian's package) opens the page from
a file, runs its scripts, and hands back the DOM as it then is (``--dump-dom``), its console
messages (``--enable-logging=stderr``: "CONSOLE" lines) and a screenshot.

Checked: every chart drawn (plotly's ``svg.main-svg``, with the bars, ticks and markers the data
calls for), the tables' rows, and not one console message (an error, or the page's
Content-Security-Policy refusing a fetch or a script). The screenshots are kept in
``test-artifacts/`` (not committed) to be looked at. Without Chromium the tests skip, except on
CI (``CI`` set), where .ci/run installs it and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from tests.conftest import EXTRA, ROOT, copy_samples
from tests.report_outputs import HOSTILE, made_up_outputs

from govtasks.cli import EXIT_REJECTED, run
from govtasks.report import write_report
from govtasks.report.page import build_page

#: Debian's Chromium (``apt-get install chromium``).
CHROMIUM = "/usr/bin/chromium"
#: Where the screenshots are kept (.gitignore'd).
ARTIFACTS = ROOT / "test-artifacts"


def chromium() -> str:
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip("Chromium is not on this machine (apt-get install chromium fonts-noto-cjk)")
    return found


def open_page(page: Path, profile: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Chromium, headless, opening ``page`` with ``flags`` (``--dump-dom``, ``--screenshot=…``),
    given ten seconds of the page's time for its scripts to run."""
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
            *flags,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def console(stderr: str) -> list[str]:
    """The page's console messages among Chromium's log lines."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def rendered(page: Path, profile: Path) -> lxml.html.HtmlElement:
    """The page's DOM after its scripts ran; fails on any console message."""
    result = open_page(page, profile, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console(result.stderr) == []
    return lxml.html.fromstring(result.stdout)


def screenshot(page: Path, profile: Path, name: str, height: int) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    result = open_page(
        page, profile, "--hide-scrollbars", f"--window-size=1280,{height}", f"--screenshot={target}"
    )
    assert result.returncode == 0 and console(result.stderr) == []
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot: {target}")
    return target


def chart(dom: lxml.html.HtmlElement, name: str) -> lxml.html.HtmlElement:
    (found,) = dom.xpath(f'//div[@id="chart-{name}"]')
    assert found.xpath('.//svg[contains(@class, "main-svg")]'), f"chart-{name} was not drawn"
    return found


def ticks(element: lxml.html.HtmlElement, axis: str) -> list[str]:
    return [t.text_content() for t in element.xpath(f'.//g[contains(@class, "{axis}tick")]/text')]


def rows(dom: lxml.html.HtmlElement, section: str) -> list[list[str]]:
    return [
        [td.text_content() for td in tr.xpath("./td")] for tr in dom.xpath(f'//section[@id="{section}"]//tr')
    ][1:]


def test_chromium_shows_what_the_page_logs(tmp_path: Path) -> None:
    """The check of the console catches an error (so that an empty list means something)."""
    page = tmp_path / "error.html"
    page.write_text('<script>console.error("INJECTED-ERR"); undefinedFunction();</script>', encoding="utf-8")
    lines = console(open_page(page, tmp_path / "profile", "--dump-dom").stderr)
    assert len(lines) == 2
    assert '"INJECTED-ERR"' in lines[0]
    assert "Uncaught ReferenceError: undefinedFunction is not defined" in lines[1]


@pytest.fixture(scope="module")
def samples_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of the five samples and the excerpts of shared/samples-extra ingested together:
    15 files, 2 rejected, 8 districts."""
    folder = tmp_path_factory.mktemp("page")
    raw = copy_samples(folder / "raw")
    for source in sorted(EXTRA.glob("*.txt")):
        shutil.copy(source, raw / source.name)
    assert run(["ingest", str(raw), "--out", str(folder / "out"), "--jobs", "1"]) == EXIT_REJECTED
    write_report(folder / "out", folder / "report.html")
    return folder / "report.html"


def test_the_samples_page_renders_in_chromium(samples_page: Path, tmp_path: Path) -> None:
    dom = rendered(samples_page, tmp_path / "profile")
    cards = [c.text_content() for c in dom.xpath('//div[@class="card"]/div[@class="n"]')]
    assert cards == ["15", "13", "440", "455", "2"]  # files, reports, tasks, progress rows, rejected
    # Tasks: one stacked bar per district (tasks.csv: 余杭区 187, 拱墅区 134, 萧山区 92, 临安区 11 …)
    tasks = chart(dom, "tasks")
    assert ticks(tasks, "x") == [
        "余杭区",
        "拱墅区",
        "萧山区",
        "临安区",
        "西湖区",
        "杭州市",
        "蔡甸区",
        "上城区",
    ]
    # Status: a bar per district, year and period (two reports are 余杭区 2018 PLAN), periods in
    # the order of the year (拱墅区's Q2 before Q3, 萧山区's H1 before Q3); drawn top down.
    status = chart(dom, "status")
    assert ticks(status, "y")[::-1] == [
        "上城区 2019 PLAN",
        "临安区 2022 Q3",
        "余杭区 2018 PLAN",
        "余杭区 2022 H1",
        "拱墅区 2020 Q2",
        "拱墅区 2020 Q3",
        "拱墅区 2022 Q3",
        "杭州市 2021 PLAN",
        "萧山区 2020 H1",
        "萧山区 2020 Q3",
        "蔡甸区 2023 PLAN",
        "西湖区 2019 FY",
    ]
    # Timeline: the 15 tasks stated in two reports, a square per report.
    timeline = chart(dom, "timeline")
    assert ticks(timeline, "x") == ["PLAN", "Q2", "H1", "Q3"]
    labels = ticks(timeline, "y")
    assert len(labels) == 15 and labels[-1].startswith("t1ca6ab 余杭区 2018 · 临平新城要围绕打造")
    assert len(timeline.xpath('.//path[contains(@class, "point")]')) == 30
    # The two rows read as behind (each with its evidence marked), in district order, and the
    # rejected files. 拱墅区's says its district missed the city's target (主城区均未能完成); 萧山区's
    # that land not yet granted holds a project back (a difficulty with a consequence).
    behind = rows(dom, "behind")
    assert [row[:4] for row in behind] == [
        ["拱墅区", "2022", "Q3", "节能减排完成市下达目标任务。"],
        ["萧山区", "2020", "Q3", "加快万向创新聚能城建设,推进锂电池、乘用车等项目全面开工。"],
    ]
    assert [mark.text_content() for mark in dom.xpath('//section[@id="behind"]//mark')] == [
        "未能完成市下达的2022年目标任务",
        "影响乘用车项目整体设计和推荐建设",
    ]
    assert [row[5] for row in behind] == [
        "08_gongshu_2022_q3_gov_seq5col.txtline 48",
        "001_03dc6f653f7d2afa.txtline 16",
    ]
    assert [r[:2] for r in rows(dom, "rejected")] == [
        ["14_shaoxing_city_2020_q1_progress_before_unit.txt", "missing-facts"],
        ["34_xiaoshan_2022_h1_narrative_no_table.txt", "no-task-table"],
    ]
    screenshot(samples_page, tmp_path / "profile", "report.png", 2600)


def test_hostile_text_stays_text_in_chromium(tmp_path: Path) -> None:
    """Task texts, a district name and rejection reasons holding <script>, <img onerror> and <b>:
    shown as typed, nothing run (no console message), no element made from them."""
    page = tmp_path / "report.html"
    page.write_text(build_page(made_up_outputs(3, hostile=True)), encoding="utf-8")
    dom = rendered(page, tmp_path / "profile")
    assert dom.xpath("//img") == [] and dom.xpath("//b") == []
    assert len(dom.xpath("//script")) == 4  # plotly.js and the three charts' calls
    assert ticks(chart(dom, "tasks"), "x") == [f"{HOSTILE}第1区", "第2区", "第3区"]
    behind = rows(dom, "behind")
    assert len(behind) == 3 * 4  # per district: tasks 2 and 4, each behind in two periods
    assert behind[0][:4] == [f"{HOSTILE}第1区", "2020", "H1", f"{HOSTILE}任务2：新建公园2个"]
    assert [r[0] for r in rows(dom, "rejected")] == [f"{HOSTILE}坏文件0.doc", f"{HOSTILE}坏文件1.doc"]
    # Tasks t000000000000 … t000020000004 (made-up ids alike in their first 7 characters: shown whole).
    labels = ticks(chart(dom, "timeline"), "y")
    assert len(set(labels)) == 15
    assert labels[-1] == f"t000000000000 {HOSTILE}第1区 2020 · <script>console.error…"
    screenshot(page, tmp_path / "profile", "report-made-up.png", 2400)
