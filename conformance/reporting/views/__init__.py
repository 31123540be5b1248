"""Views of the JSON report: each renders `Report.to_dict()` to one file; the JSON itself is always written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from conformance.errors import ConfigError
from conformance.reporting.views import html, junit, markdown

__all__ = ["FORMATS", "VIEWS", "parse_formats", "selected"]

View = Callable[[dict[str, Any]], str]

# format name -> (file name, renderer); the order is the order files are written and listed
VIEWS: dict[str, tuple[str, View]] = {
    "md": ("report.md", markdown.render),
    "html": ("report.html", html.render),
    "junit": ("junit.xml", junit.render),
}
FORMATS = ("json", *VIEWS)


def parse_formats(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Parse `json,md,html,junit` (None means all); unknown names are a usage error naming the choices."""
    if value is None:
        return FORMATS
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return tuple(n for n in FORMATS if n in names)


def selected(formats: Iterable[str]) -> list[str]:
    """The view names to write for a format selection (JSON is the product and is written regardless)."""
    wanted = set(formats)
    return [name for name in VIEWS if name in wanted]
