"""A progress row's state, read from its cells: completed, in progress, behind, not started,
or unknown, with the phrase that decided it.

First version: a handful of cue phrases; the rules and their labelled sample are issue 19's.
"""

from __future__ import annotations

import re

from govtasks.models import Status

STATUSES: tuple[Status, ...] = ("completed", "in_progress", "behind", "not_started", "unknown")

_CUES: tuple[tuple[Status, re.Pattern[str]], ...] = (
    ("behind", re.compile(r"滞后|未达序时进度|进度偏慢|未能完成")),  # lags, behind schedule, missed
    ("not_started", re.compile(r"尚未启动|未开工|暂未开展")),  # not begun
    ("completed", re.compile(r"全面完成|提前完成|超额完成|已完成|已建成")),  # done
    ("in_progress", re.compile(r"推进|进行中|开展")),  # under way
)


def status_of(progress: str | None, problems: str | None = None) -> tuple[Status, str | None]:
    """The state ``progress`` (and ``problems``) report, and the phrase that decided it.

    >>> status_of("项目已全面完成。")
    ('completed', '全面完成')
    >>> status_of(None)
    ('unknown', None)
    """
    text = "\n".join(t for t in (progress, problems) if t)
    for status, cue in _CUES:
        found = cue.search(text)
        if found:
            return status, found.group()
    return "unknown", None
