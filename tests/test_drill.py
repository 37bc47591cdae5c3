"""`make drill`, short (`--short`): seconds of storm with a worker's and the task worker's kill.

scripts/drill.py runs as `make drill` runs it, on a database of its own: a SQLite file on the
suite's SQLite pass, a PostgreSQL database named after the suite's (with `_drill`) on the
PostgreSQL pass. It must report nothing lost, nothing doubled, no 5xx, every mail delivered once
(the one whose sender was killed too, after the sweep put its task back) and the chain intact.
The gunicorn master's kill and a mail server that hangs are left to `make drill`; the
supervisor's restart of a killed master is tested in test_serve.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.xdist_group("serving"),  # with test_serve.py, apart from the smoke test
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="the drill finds workers in /proc"),
]


def drill_database(tmp_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'drill.sqlite3'}"
    parsed = urllib.parse.urlparse(url)
    return parsed._replace(path=f"{parsed.path}_drill").geturl()


def test_a_short_drill_loses_and_doubles_nothing(tmp_path):
    command = [
        sys.executable,
        "scripts/drill.py",
        "--short",
        "--database",
        drill_database(tmp_path),
    ]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "drill: PASSED" in out
    for kind in ("note", "submission"):
        line = re.search(rf"^{kind}s: .*$", out, re.M).group(0)
        acknowledged = int(re.search(r"(\d+) acknowledged", line).group(1))
        present = int(re.search(r"(\d+) present", line).group(1))
        assert acknowledged > 0 and present >= acknowledged, line
        assert " 0 lost, 0 duplicated" in line, line
    assert "5xx answers: 0;" in out
    mails = re.search(r"mails: (\d+) expected, (\d+) delivered, 0 duplicated, 0 lost", out)
    assert mails and int(mails.group(1)) > 0 and mails.group(1) == mails.group(2), out
    assert re.search(r"kill -9 gunicorn worker \d+", out)
    assert re.search(r"kill -9 task worker \d+ while it waits on the mail server", out), out
    assert re.search(r"tasks run again after their worker died: [1-9]", out), out
    assert "Audit chain intact" in out and "0 not yet sealed" in out
