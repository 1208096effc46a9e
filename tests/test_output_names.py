"""A file name that says another format than the one written is refused, by one check
(``core.summary.formats.format_of``), in every command that writes a document: ``followup
export`` and ``followup merge`` as ``export`` and ``merge`` do (nothing written, exit status 2)."""

from __future__ import annotations

from tests.followup_data import sample_db


def _followup(run_cli, db_path):
    sample_db(db_path).close()
    assert run_cli("followup", "add", "R-001", "Hold public hearings", "--lead", "National Assembly of Niger")[0] == 0
    assert run_cli("followup", "update", "A-001", "First hearing held", "--date", "2024-05-02")[0] == 0


def test_followup_export_refuses_a_name_of_another_format_or_one_that_contradicts_format(run_cli, db_path, tmp_path):
    _followup(run_cli, db_path)
    out = tmp_path / "out"
    out.mkdir()
    cases = [
        (["-o", out / "x.pdf"], "x.pdf", (".md", ".docx", ".html", ".csv", ".jsonl", "PDF", "nothing was written")),
        (["-o", out / "x.txt"], "x.txt", (".md", ".docx", ".html", "not .txt", "nothing was written")),
        (["-o", out / "x.md", "--format", "docx"], "x.md", ("--format docx", "x.docx", "nothing was written")),
        (["-o", out / "x.csv", "--format", "html"], "x.csv", ("--format html", "x.html")),
        (["-o", out / "x.html", "--format", "jsonl"], "x.html", ("--format jsonl", "x.jsonl")),
    ]
    for args, named, words in cases:
        status, _out, err = run_cli("followup", "export", "--as-of", "2024-06-30", *args)
        assert status == 2, (args, err)
        assert named in err and all(w in err for w in words), (args, err)
        assert "Traceback" not in err
    assert list(out.iterdir()) == []
    # what is right still works: the extension decides, or agrees with --format; a name without one
    for name, fmt, start in (("r.docx", None, b"pk"), ("r.htm", None, b"<!doctype html"), ("r.csv", "csv", b"activity"),
                             ("r.jsonl", None, b"{"), ("r", "html", b"<!doctype html"), ("r.md", None, b"<!-- facilitator:monitoring")):
        args = ["-o", out / name] + (["--format", fmt] if fmt else [])
        status, _out, err = run_cli("followup", "export", "--as-of", "2024-06-30", *args)
        assert status == 0, (name, err)
        assert (out / name).read_bytes().lstrip().lower().startswith(start), name


def test_followup_merge_refuses_a_name_of_another_format_or_one_that_contradicts_format(run_cli, db_path, tmp_path):
    _followup(run_cli, db_path)
    one = tmp_path / "staff-a.md"
    assert run_cli("followup", "export", "-o", one, "--as-of", "2024-06-30")[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    for command in (["followup", "merge"], ["merge"]):
        for args, named, words in (
            (["-o", out / "m.pdf"], "m.pdf", (".md", ".docx", ".html", "PDF", "nothing was written")),
            (["-o", out / "m.md", "--format", "html"], "m.md", ("--format html", "m.html", "nothing was written")),
        ):
            status, _out, err = run_cli(*command, one, *args)
            assert status == 2, (command, args, err)
            assert named in err and all(w in err for w in words), (command, args, err)
            assert ".csv" not in err  # a merged report is never CSV
    assert list(out.iterdir()) == []
    assert run_cli("followup", "merge", one, "-o", out / "m.htm")[0] == 0
    assert (out / "m.htm").read_bytes().lstrip().lower().startswith(b"<!doctype html")


def test_followup_template_is_written_only_under_a_csv_name(run_cli, db_path, tmp_path):
    """The template is CSV: ``-o x.pdf`` (or ``.md``, ``.xlsx``) would be a file that is not what
    its name says; refused, nothing written. ``.csv``, no extension, or ``-`` work."""
    _followup(run_cli, db_path)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("x.pdf", "x.md", "x.xlsx", "x.txt"):
        status, _out, err = run_cli("followup", "template", "-o", out / name)
        assert status == 2, (name, err)
        assert name in err and "x.csv" in err and "nothing was written" in err, err
        assert "Traceback" not in err
    assert list(out.iterdir()) == []
    for name in ("t.csv", "t.CSV", "t"):
        status, _out, err = run_cli("followup", "template", "-o", out / name)
        assert status == 0, (name, err)
        assert (out / name).read_text(encoding="utf-8").startswith("activity")
