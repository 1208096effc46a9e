"""dev.py: .venv follows requirements.lock and pyproject.toml, and the lock pins what pyproject allows."""

from __future__ import annotations

import importlib.util
import re
import shutil

import pytest

from .conftest import ROOT


@pytest.fixture
def dev(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ROOT / "requirements.lock", tmp_path / "requirements.lock")
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    for name, value in (("ROOT", tmp_path), ("LOCK", tmp_path / "requirements.lock"), ("VENV", venv),
                        ("PY", venv / "bin" / "python"), ("STAMP", venv / ".facilitator-installed")):
        monkeypatch.setattr(module, name, value)
    builds = []
    monkeypatch.setattr(module, "build_venv", lambda **kw: (builds.append(kw), module.STAMP.write_text(module.wanted_stamp())))
    module.builds = builds
    return module


def test_the_venv_is_rebuilt_when_the_lock_or_pyproject_changes(dev):
    dev.ensure_venv()
    assert len(dev.builds) == 1  # no stamp yet: built
    dev.ensure_venv()
    assert len(dev.builds) == 1  # nothing changed: left alone
    dev.LOCK.write_text(dev.LOCK.read_text().replace("textual==8.2.8", "textual==8.2.9"))
    dev.ensure_venv()
    assert len(dev.builds) == 2
    pyproject = dev.ROOT / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n# a comment\n")
    dev.ensure_venv()
    assert len(dev.builds) == 3
    dev.ensure_venv()
    assert len(dev.builds) == 3


def test_the_lock_pins_every_declared_dependency_within_its_range(dev):
    from packaging.requirements import Requirement

    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert m, f"not an exact pin: {line!r}"
        pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    assert "facilitator" not in pins  # the project itself is not locked
    for text in dev.declared_dependencies():
        req = Requirement(text)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{req.name} is declared in pyproject.toml but not locked: run python3 dev.py lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{req.name}=={pins[name]} in requirements.lock is outside pyproject.toml's {req.specifier}"
        )


def test_a_failing_check_fails_the_test_command_and_says_which(dev, monkeypatch, capsys):
    import sys
    from pathlib import Path

    monkeypatch.setattr(dev, "PY", Path(sys.executable))
    monkeypatch.setattr(dev, "checks", lambda: [
        ("clean", [sys.executable, "-c", "pass"]),
        ("picky", [sys.executable, "-c", "raise SystemExit(3)"]),
    ])
    (dev.ROOT / "test_tiny.py").write_text("def test_one():\n    assert True\n\ndef test_two():\n    assert 1\n")
    assert dev.run_tests(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", str(dev.ROOT / "test_tiny.py")]) == 1
    out, err = capsys.readouterr()
    assert "picky FAILED (status 3)" in err and "clean passed" in err
    assert "dev.py test: FAILED: picky" in err
    assert out.splitlines()[-1] == "suite: 2 passed, 0 failed, 0 skipped"
    monkeypatch.setattr(dev, "checks", lambda: [("clean", [sys.executable, "-c", "pass"])])
    assert dev.run_tests(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", str(dev.ROOT / "test_tiny.py")]) == 0
    assert "FAILED" not in capsys.readouterr().err


def test_the_suite_runs_in_several_processes_unless_the_arguments_choose(dev, monkeypatch):
    monkeypatch.delenv("FACILITATOR_TEST_WORKERS", raising=False)
    assert dev.parallel([]) == ["-n", dev.WORKERS, "--dist", "worksteal"]
    assert dev.parallel(["tests/test_store.py", "-x"])[:2] == ["-n", dev.WORKERS]
    for chosen in (["-n", "1"], ["-n0"], ["--numprocesses=2"], ["-p", "no:xdist"], ["--snapshot-update"], ["--pdb"]):
        assert dev.parallel(chosen) == [], chosen
    monkeypatch.setenv("FACILITATOR_TEST_WORKERS", "2")
    assert dev.parallel([])[:2] == ["-n", "2"]
