"""Sidecar files: ``report.txt.meta.toml`` next to ``report.txt`` overrides what is inferred."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from govtasks.errors import BadSidecar
from govtasks.models import YEARS, Period, ReportFacts
from govtasks.read.sources import SIDECAR_SUFFIX, existing_sidecar

KEYS = ("district", "year", "period", "title", "publisher", "published", "format")

PERIODS: tuple[str, ...] = get_args(Period)


def read_sidecar(source: Path) -> dict[str, Any]:
    """The sidecar's settings for ``source`` (empty when there is none), each value checked:
    raises :class:`BadSidecar` naming the key and what it may be."""
    path = existing_sidecar(source)
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadSidecar(f"sidecar {path.name} is not valid TOML: {exc}") from exc
    except OSError as exc:  # the source was readable, its sidecar is not: say which
        raise BadSidecar(f"sidecar {path.name} cannot be read: {exc.strerror}") from exc
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise BadSidecar(f"sidecar {path.name} has unknown keys: {', '.join(unknown)}")
    for key, value in data.items():
        problem = _problem(key, value)
        if problem:
            raise BadSidecar(f"sidecar {path.name}: {key} = {_shown(value)}: {problem}")
    if isinstance(data.get("published"), date):
        data["published"] = data["published"].isoformat()
    return data


def _problem(key: str, value: Any) -> str | None:
    """What is wrong with a sidecar's ``key = value``; None when it is allowed."""
    if key == "year":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number from {YEARS[0]} to {YEARS[1]}, such as 2020"
        if not YEARS[0] <= value <= YEARS[1]:
            return f"must be from {YEARS[0]} to {YEARS[1]}"
        return None
    if key == "published":
        if isinstance(value, datetime) or not isinstance(value, (date, str)):
            return 'must be a date, 2020-07-15 or "2020-07-15"'
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return "must be a date that exists, written YYYY-MM-DD"
            if len(value) != 10:
                return "must be a date that exists, written YYYY-MM-DD"
        return None
    if not isinstance(value, str):
        return "must be text in quotes"
    if key == "period" and value not in PERIODS:
        return f"must be one of {', '.join(PERIODS)}"
    if key in ("district", "format") and not value.strip():
        return "must not be empty"
    return None


def _shown(value: Any) -> str:
    """A sidecar value as written in TOML, cut short."""
    text = (
        str(value).lower()
        if isinstance(value, bool)
        else repr(value)
        if isinstance(value, str)
        else str(value)
    )
    return text if len(text) <= 40 else text[:39] + "…"


def apply_sidecar(facts: ReportFacts, settings: dict[str, Any], name: str) -> ReportFacts:
    """``facts`` with every field the sidecar sets replaced (and no longer marked inferred)."""
    overrides = {k: v for k, v in settings.items() if k != "format"}
    if not overrides:
        return facts
    inferred = {k: v for k, v in facts.inferred.items() if k not in overrides}
    try:
        return ReportFacts.model_validate({**facts.model_dump(), **overrides, "inferred": inferred})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadSidecar(f"sidecar {name}{SIDECAR_SUFFIX}: {field}: {first['msg']}") from exc
