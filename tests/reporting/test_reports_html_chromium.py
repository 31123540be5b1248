"""report.html in headless Chromium: the grid renders and `#case=<id>` opens that case's detail panel."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.reports import sample_report

CHROMIUM = Path("/usr/bin/chromium")
CASE = "chat.completions.create[v1-api_key-sync]"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs headless Chromium at /usr/bin/chromium (apt-get install -y chromium)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def page_url(tmp_path: Path) -> str:
    """A report with every outcome and drift, written to disk, addressed with the case fragment."""
    sample_report().write(tmp_path / "report")
    return (tmp_path / "report" / "report.html").as_uri() + "#case=" + quote(CASE, safe="")


def test_detail_panel_opens_from_the_url_fragment(tmp_path: Path, page_url: str) -> None:
    dom = _chromium(tmp_path, "--dump-dom", page_url).stdout
    assert '<table id="grid">' in dom and dom.count('class="mark') == 6
    panels = dom.split('<section class="case"')[1:]
    shown = [p for p in panels if " hidden" not in p.split(">", 1)[0]]
    assert len(shown) == 1, "exactly one detail panel is visible"
    panel = shown[0]
    assert f"<h2>{CASE}</h2>" in panel
    for text in ("req-1", "200", "$.choices[0].message.annotations", "docs/000 §Chat completions",
                 "missing-documented-field"):
        assert text in panel
    assert 'id="hint" hidden' in dom


def test_screenshot_of_grid_and_panel(tmp_path: Path, page_url: str, artefacts_dir: Path) -> None:
    shot = artefacts_dir / "report-html.png"
    result = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,900", page_url)
    assert shot.is_file() and shot.stat().st_size > 10_000, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shutil.copy(tmp_path / "report" / "report.html", artefacts_dir / "report.html")


def test_outcome_filter_hides_other_marks_and_empty_rows(tmp_path: Path, page_url: str) -> None:
    dom = _chromium(tmp_path, "--dump-dom", page_url.replace("#case=", "#show=error&case=")).stdout
    visible = [m for m in dom.split('<button class="mark')[1:] if " hidden" not in m.split(">", 1)[0]]
    assert len(visible) == 1 and 'data-outcome="error"' in visible[0]
    rows = dom.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr")[1:]
    assert [r.split(">", 1)[0].strip() for r in rows] == ["hidden=\"\"", ""]  # chat hidden, embeddings shown
