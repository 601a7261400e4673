"""Sidecar files: ``report.txt.meta.toml`` next to ``report.txt`` overrides what is inferred."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govtasks.errors import BadSidecar
from govtasks.models import ReportFacts
from govtasks.read.sources import SIDECAR_SUFFIX, sidecar_of

SUFFIX = SIDECAR_SUFFIX  # one definition, shared with the manifest scan
KEYS = ("district", "year", "period", "title", "publisher", "published", "format")


def read_sidecar(source: Path) -> dict[str, Any]:
    """The sidecar's settings for ``source`` (empty when there is none)."""
    path = sidecar_of(source)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadSidecar(f"sidecar {path.name} is not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise BadSidecar(f"sidecar {path.name} has unknown keys: {', '.join(unknown)}")
    if isinstance(data.get("published"), date):
        data["published"] = data["published"].isoformat()
    return data


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
        raise BadSidecar(f"sidecar {name}{SUFFIX}: {field}: {first['msg']}") from exc
