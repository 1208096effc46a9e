"""Build the fault-injection shim (``fsfault.c``) with the machine's C compiler.

``build()`` returns the path of the shared library, or ``None`` and the reason (no compiler,
not Linux): the tests that need it skip with that reason, visibly.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).with_name("fsfault.c")


def build() -> tuple[Path | None, str]:
    if not sys.platform.startswith("linux"):
        return None, "fault injection below SQLite needs Linux (LD_PRELOAD)"
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        return None, "no C compiler (cc) to build the fault-injection shim; install gcc"
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / f"facilitator-fsfault-{digest}.so"
    if out.exists():
        return out, ""
    tmp = out.with_suffix(f".{os.getpid()}.tmp.so")  # two test processes may build it at once
    done = subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", str(tmp), str(SOURCE), "-ldl", "-lpthread"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"the fault-injection shim did not compile: {done.stderr.strip()[:300]}"
    tmp.replace(out)
    return out, ""


__all__ = ["build"]
