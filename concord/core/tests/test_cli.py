"""The `concord` console script runs the management commands by name."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_concord_audit_verify_runs_from_the_command_line(tmp_path):
    database = tmp_path / "cli.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
        "CONCORD_VAR_DIR": str(tmp_path),
    }
    concord = Path(sys.executable).with_name("concord")
    subprocess.run([concord, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    verified = subprocess.run(
        [concord, "audit", "verify"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert verified.returncode == 0, verified.stderr
    assert "Audit chain intact: 0 events" in verified.stdout
    swept = subprocess.run(
        [concord, "sweep"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert swept.returncode == 0, swept.stderr
    assert swept.stdout == ""  # nothing was due, so the sweep says nothing
