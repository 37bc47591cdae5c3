"""`make doctor` on a machine without the diagram's layout program: a warning, and what to do."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from concord.governance import diagram


@pytest.mark.django_db
def test_a_missing_layout_program_is_a_warning_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(diagram, "SCRIPTS_DIR", str(tmp_path))
    out = StringIO()
    call_command("doctor", stdout=out)
    report = out.getvalue()
    assert "warn  no diagram layout program" in report
    assert "→ Run `make install` again" in report
    assert "1 warning(s); Concord runs." in report
