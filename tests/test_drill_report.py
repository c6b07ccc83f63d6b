"""The drill rewrites docs/reliability.md but keeps its hand-written sections."""

from pathlib import Path

from drill.__main__ import kept_sections

ROOT = Path(__file__).resolve().parent.parent


def test_the_threats_section_survives_a_drill_rerun():
    current = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    kept = kept_sections(current)
    assert kept.lstrip().startswith("## Threats and what stops each")
    assert "NEWSROOM_SITE_URL" in kept
    assert "## Latest run" not in kept


def test_a_report_without_hand_written_sections_keeps_nothing():
    assert kept_sections("# Reliability drill\n\n## Latest run: …\n") == ""
