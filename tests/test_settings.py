"""What the environment-driven settings install: production carries no demo unless asked to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each manage.py runs on a SQLite file of its own, whichever database the suite uses.
pytestmark = pytest.mark.one_pass
INSTALLED = "from django.conf import settings; print('concord.demo' in settings.INSTALLED_APPS)"


def _installed(tmp_path: Path, **env: str) -> str:
    """Whether the demo app is installed, as the settings say for this environment."""
    return _manage(tmp_path, "shell", "-c", INSTALLED, **env).stdout.splitlines()[-1]


def _manage(tmp_path: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """manage.py with the production settings, in an environment of only what is named."""
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CONCORD_DEMO"}}
    environment = base | {
        "DJANGO_SETTINGS_MODULE": "concord.settings",
        "CONCORD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_installs_no_demo_and_still_passes_its_checks(tmp_path):
    assert _installed(tmp_path) == "False"
    checked = _manage(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr
    seeded = _manage(tmp_path, "seed_demo")
    assert seeded.returncode != 0
    assert "Unknown command: 'seed_demo'" in seeded.stderr


def test_development_installs_the_demo_and_production_may_ask_for_it(tmp_path):
    assert _installed(tmp_path, DEBUG="true") == "True"
    assert _installed(tmp_path, CONCORD_DEMO="yes") == "True"
    assert _installed(tmp_path, DEBUG="true", CONCORD_DEMO="false") == "False"
