"""The rescue file always finds a place and leaves no empty files (issue 26, finding 6).

With ``$FACILITATOR_RESCUE`` naming a place that cannot be written, nothing else was tried
though the temporary folder was writable; on a full disk a 0-byte ``rescue.txt`` was left
behind. Now: ``$FACILITATOR_RESCUE``, the user data folder, the home folder, the temporary
folder, in turn; the path written is returned with why the places before it were passed over;
a place that fails is left as it was (tested with the fault shim, a real ENOSPC below Python).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from facilitator.core import rescue

ENTRY = rescue.Entry(text="The text typed\nover two lines", reason="not saved: test", session="S", speaker="Amina")


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(rescue, "_written", {})


def test_an_unwritable_override_falls_back_to_the_user_data_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(rescue.ENV, str(blocker / "rescue.txt"))  # its folder is a file: cannot be made
    path = rescue.rescue(ENTRY)
    assert path == Path(os.environ["XDG_DATA_HOME"]) / "facilitator" / rescue.NAME
    assert "The text typed\nover two lines" in path.read_text(encoding="utf-8")
    said = rescue.describe(path)
    assert str(path) in said and f"{blocker / 'rescue.txt'} could not be written" in said


def test_then_the_temporary_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(rescue.ENV, str(blocker / "rescue.txt"))
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    monkeypatch.setenv("HOME", str(blocker / "home"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    path = rescue.rescue(ENTRY)
    assert path.parent == tmp_path / "tmp"
    assert "The text typed" in path.read_text(encoding="utf-8")
    assert rescue.describe(path).count("could not be written") == 3


def _rescue_under_the_shim(tmp_path: Path, match: Path, env: dict) -> subprocess.CompletedProcess:
    from tests.faults import shim

    library, why = shim.build()
    if library is None:
        pytest.skip(why)
    code = textwrap.dedent("""
        import os, tempfile
        tempfile.tempdir = os.environ["TMPDIR"]  # as named (gettempdir would test it by writing)
        from facilitator.core import rescue
        try:
            path = rescue.rescue(rescue.Entry(text="kept text", reason="test"))
            print("WROTE", path)
            print("SAID", rescue.describe(path))
        except rescue.RescueFailed as exc:
            print("FAILED", exc)
    """)
    full = dict(os.environ, **env, LD_PRELOAD=str(library), FSFAULT_MATCH=str(match), FSFAULT_PROB="1",
                FSFAULT_ERRNO="ENOSPC", FSFAULT_LOG=str(tmp_path / "faults.log"))
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60)


def _files(root: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file()
                  and p.name != "faults.log")


def test_a_full_disk_leaves_no_empty_rescue_file_and_the_next_place_is_used(tmp_path):
    full = tmp_path / "full"  # every write below it fails with ENOSPC
    env = {rescue.ENV: str(full / "rescue.txt"), "XDG_DATA_HOME": str(full / "share"), "HOME": str(full / "home"),
           "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    done = _rescue_under_the_shim(tmp_path, full, env)
    assert "WROTE" in done.stdout, done.stdout + done.stderr
    written = Path(done.stdout.split("WROTE ", 1)[1].splitlines()[0])
    assert written.parent == tmp_path / "tmp"
    assert written.read_text(encoding="utf-8").endswith("kept text\n\n")
    assert "No space left on device" in done.stdout  # describe() says why the others were passed over
    assert (tmp_path / "faults.log").exists()  # the shim really refused writes
    assert not full.exists() or not any(p.is_file() for p in full.rglob("*")), _files(full)


def test_an_existing_rescue_file_on_a_full_disk_is_left_as_it_was(tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    existing = full / "rescue.txt"
    existing.write_text("===== an earlier entry\n\nearlier text\n\n", encoding="utf-8")
    before = existing.read_bytes()
    env = {rescue.ENV: str(existing), "XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path / "home"),
           "TMPDIR": str(tmp_path)}
    done = _rescue_under_the_shim(tmp_path, full, env)
    assert "WROTE" in done.stdout and str(tmp_path / "share") in done.stdout, done.stdout + done.stderr
    assert existing.read_bytes() == before  # no half entry appended


def test_nowhere_to_write_says_so_and_leaves_nothing(tmp_path):
    full = tmp_path / "full"
    env = {rescue.ENV: str(full / "rescue.txt"), "XDG_DATA_HOME": str(full / "share"), "HOME": str(full / "home"),
           "TMPDIR": str(full / "tmp")}
    (full / "tmp").mkdir(parents=True)
    done = _rescue_under_the_shim(tmp_path, full, env)
    assert "FAILED" in done.stdout and done.stdout.count("No space left on device") == 4, done.stdout
    assert not any(p.is_file() for p in full.rglob("*")), _files(full)
