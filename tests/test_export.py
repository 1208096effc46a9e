"""Export of a session summary: golden files, determinism, anonymity, clean CommonMark, the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.core.export import default_export_name, export_session
from facilitator.core.importer import import_text
from facilitator.core.store import Store
from tests.golden.builders import GOLDEN, ROOT, build_sahel, participant_names

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def lint(text: str) -> list[str]:
    """Warnings of the CommonMark linter (pymarkdownlnt) with the shipped configuration."""
    from pymarkdown.api import PyMarkdownApi

    from pymarkdown.api import PyMarkdownApiException

    api = PyMarkdownApi().configuration_file_path(str(ROOT / ".pymarkdown.json"))
    try:
        result = api.scan_string(text)
    except PyMarkdownApiException as exc:
        # pymarkdownlnt 0.9.41's MD051 (link fragments) can crash on some headings; an export has
        # no links, so that rule has nothing to check: scan again without it, everything else on.
        if "MD051" not in str(exc):
            raise
        api = PyMarkdownApi().configuration_file_path(str(ROOT / ".pymarkdown.json")).disable_rule_by_identifier("md051")
        result = api.scan_string(text)
    return [f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description}" for f in result.scan_failures]


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path} (UPDATE_GOLDEN=1 to accept after looking)"


@pytest.fixture
def sahel_full(store):
    return build_sahel(store)


def test_export_matches_the_golden_file(store, sahel_full):
    golden("sahel.md", export_session(store, sahel_full))


def test_anonymous_export_matches_the_golden_file(store, sahel_full):
    golden("sahel-anonymous.md", export_session(store, sahel_full, anonymous=True))


def test_export_is_deterministic_and_has_no_clock(store, sahel_full, tmp_path):
    first = export_session(store, sahel_full)
    assert export_session(store, sahel_full) == first
    # the same data in another database gives the same bytes
    other = Store.open(tmp_path / "other.db")
    try:
        assert export_session(other, build_sahel(other)) == first
    finally:
        other.close()
    assert "Last change: 2023-03-11 17:45 UTC" in first


def test_golden_files_are_clean_commonmark():
    for name in ("sahel.md", "sahel-anonymous.md", "sahel-merged.md"):
        path = GOLDEN / name
        if path.exists():
            assert lint(path.read_text(encoding="utf-8")) == [], name


def test_export_content_reads_well(store, sahel_full):
    text = export_session(store, sahel_full)
    assert text.startswith("<!-- facilitator:export version=1 -->\n")
    assert text.endswith("<!-- facilitator:end -->\n")
    assert "# Mitigating the impact of security threats by building resilience in the Sahel" in text
    for line in ("- Date: 2023-03-11", "- Time: 14:30–17:30", "- Rapporteur: Nadia Rapporteur"):
        assert line in text
    assert "- Contributions: 10, from 5 speakers (1 from the floor)" in text
    assert "1. <!-- facilitator:recommendation id=" in text
    assert "**R-001 · agreed · rank 1 · to National parliaments of the Sahel**" in text
    assert ("answers Q1, Q2; support: 3 contributions, 2 speakers, 2 stakeholder groups (Parliament, UN organizations); "
            "evidence: Q1-001, Q1-002, Q2-007") in text
    assert "#### Theme C-001: Budget oversight" in text
    assert "### Not assigned to a guiding question" in text
    # the outcome first, the evidence after it
    assert text.index("## Recommendations") < text.index("## Overview") < text.index("## Evidence by guiding question")
    assert "Ban all operations near markets." not in text  # dropped: left out unless asked
    assert "**Hon. Aminata Diallo** — Member of Parliament, National Assembly of Mali · Parliament · Mali" in text
    # user text that looks like Markdown stays text
    assert "\\<!-- not a comment -->" in text
    assert "1\\. Consult communities" in text


def test_anonymous_export_names_nobody(store, sahel_full):
    text = export_session(store, sahel_full, anonymous=True)
    for name in participant_names():
        assert name not in text
        for part in name.split():
            if len(part) > 4:
                assert part not in text, part
    assert "Chatham House" in text and "anonymous=1" in text
    assert "speaker=" not in text
    assert "— Parliament, Q1-001" in text  # attributed by stakeholder group


def test_rendered_text_is_the_users_text(store, sahel_full):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(export_session(store, sahel_full))
    assert "1. Consult communities before deployments. &lt;!-- not a comment --&gt;" in html
    assert "Young people see #security as jobs first.<br />" in html
    # the recommendations are the one numbered list: no user text turned into markup
    assert "<code>" not in html and "<blockquote>" not in html and html.count("<ol") == 1
    assert "staff &amp; training: *not* just members." in html


def test_default_file_name(store, sahel_full):
    assert default_export_name(store, sahel_full) == "2023-03-11-mitigating-the-impact-of-security-threats-by-building.md"
    assert default_export_name(store, sahel_full, anonymous=True).endswith("-anonymous.md")


def test_cli_export_to_stdout_and_file(run_cli, store, sahel_full, tmp_path):
    status, out, err = run_cli("export", sahel_full[:8], "-o", "-")
    assert status == 0 and out == export_session(store, sahel_full)
    target = tmp_path / "out" / "s.md"
    status, out, err = run_cli("export", sahel_full, "-o", target, "--anonymous")
    assert status == 0, err
    assert target.read_text(encoding="utf-8") == export_session(store, sahel_full, anonymous=True)
    assert out.strip().endswith("s.md")


def test_cli_export_default_goes_to_exports(run_cli, store, sahel_full, monkeypatch, tmp_path):
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    status, out, err = run_cli("export", sahel_full)
    assert status == 0, err
    path = Path(out.strip())
    assert path.parent == tmp_path / "exports" and path.name.startswith("2023-03-11-")


def test_cli_export_refuses_to_overwrite_a_different_file(run_cli, sahel_full, tmp_path):
    target = tmp_path / "s.md"
    target.write_text("hand edits\n", encoding="utf-8")
    status, out, err = run_cli("export", sahel_full, "-o", target)
    assert status == 2 and "exists and differs" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == "hand edits\n"
    assert run_cli("export", sahel_full, "-o", target, "--force")[0] == 0


def test_cli_export_unknown_session(run_cli, store, sahel_full):
    status, out, err = run_cli("export", "zzzz")
    assert status == 2 and "no session matches" in err


def test_export_import_export_gives_the_same_bytes(store, sahel_full, tmp_path):
    text = export_session(store, sahel_full)
    empty = Store.open(tmp_path / "empty.db")
    try:
        result = import_text(empty, text, "sahel.md")
        assert result.warnings == []
        assert export_session(empty, sahel_full) == text
        assert not import_text(empty, text, "sahel.md").changed
    finally:
        empty.close()
    # and into the database it came from: nothing changes
    assert not import_text(store, text, "sahel.md").changed


def test_export_of_a_session_without_anything_yet(store, sahel):
    text = export_session(store, sahel)
    assert "- Contributions: 0, from 0 speakers" in text
    assert lint(text) == []


def test_summaries_go_to_the_exports_folder_where_the_user_works(tmp_path, monkeypatch):
    from facilitator.core import paths

    monkeypatch.chdir(tmp_path)
    assert paths.exports_dir() == paths.project_root() / "exports"  # from the checkout
    (tmp_path / "exports").mkdir()
    assert paths.exports_dir() == tmp_path / "exports"  # a folder of one's own wins
