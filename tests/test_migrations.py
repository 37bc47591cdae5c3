"""Every migration applies to a brand-new database of the engine the suite runs on.

The suite itself builds its tables without migrations (`--no-migrations`, for speed), so this is
where a migration that breaks on PostgreSQL (or on SQLite) is caught: `manage.py migrate` runs in
a subprocess, as a deployment would run it, against an empty database made for the purpose.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]

# With the smoke test, which serves a copy of the same freshly migrated SQLite database; on
# PostgreSQL the test creates and drops a database of its own.
pytestmark = pytest.mark.xdist_group("smoke")


@contextmanager
def fresh_postgresql(config: dict[str, Any]) -> Iterator[str]:
    """A uniquely named, empty database on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"concord_migrate_{uuid.uuid4().hex[:12]}"
    server = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    user = quote(config.get("USER") or "", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config.get("PASSWORD") else ""
    # The host may be a socket directory (/var/run/postgresql): percent-encoded, as URLs take it.
    where = f"{quote(config.get('HOST') or '127.0.0.1', safe='')}:{config.get('PORT') or 5432}"
    try:
        yield f"postgres://{user}{password}@{where}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_every_migration_applies_to_a_new_database(tmp_path, request):
    """Migrate a new database, then use it as an operator would through the `concord` console
    script: the audit chain of an empty database verifies and a sweep with nothing due is quiet."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] == "django.db.backends.postgresql":
        database = fresh_postgresql(config)
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        # Migrated once for this test and the smoke test (tests/conftest.py); checked on a copy.
        migrated = request.getfixturevalue("migrated_sqlite")
        database = nullcontext(f"sqlite:///{migrated.copy_to(tmp_path / 'migrate.sqlite3')}")
    else:
        pytest.fail(f"No fresh database for {config['ENGINE']}: add one here.")
    with database as url:
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "CONCORD_VAR_DIR": str(tmp_path)}

        def run(*command: str | Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
            )

        if config["ENGINE"] == "django.db.backends.sqlite3":
            applied = migrated.stdout
        else:
            done = run(sys.executable, "manage.py", "migrate", "--no-input", "-v1", timeout=300)
            assert done.returncode == 0, done.stderr
            applied = done.stdout
        assert "Applying orgs.0001_squashed_0004_saml_sealed_secret... OK" in applied
        unapplied = run(sys.executable, "manage.py", "migrate", "--check")
        assert unapplied.returncode == 0, unapplied.stdout + unapplied.stderr

        concord = Path(sys.executable).with_name("concord")
        verified = run(concord, "audit", "verify")
        assert verified.returncode == 0, verified.stderr
        assert "Audit chain intact: 0 events" in verified.stdout
        swept = run(concord, "sweep")
        assert swept.returncode == 0, swept.stderr
        assert swept.stdout == ""  # nothing was due, so the sweep says nothing


@pytest.mark.one_pass  # it reads migration files; the PostgreSQL pass would read the same ones
def test_squashed_migrations_build_what_the_migrations_they_replace_built():
    """A new database takes the squashed migrations, an older one the files they replace: both
    must end with the same models, fields, indexes and constraints (column order aside)."""
    with override_settings(MIGRATION_MODULES={}):  # the suite otherwise hides the migrations
        squashed = MigrationLoader(None, ignore_no_migrations=True)
        replaced = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    assert squashed.replacements, "no squashed migration to compare"
    assert squashed.project_state() == replaced.project_state()


# What a migration may import of Concord: what Django's generated field definitions name (a
# default's clock, a model module's upload path), nothing that holds business rules.
FIELD_REFERENCES = ("concord.core.clock", ".models")


def _concord_imports(tree: ast.Module) -> Iterator[tuple[str, bool]]:
    """(module, imported at the top of the file) for every import of a Concord module."""
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "concord":
                yield name, id(node) in top


def test_no_migration_runs_code_that_will_change():
    """A migration is frozen when written: its data steps use historical models and carry the
    logic they need, so a later change to a service cannot change what an old migration does."""
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "concord").glob("*/migrations/0*.py"))
        for module, at_top in _concord_imports(ast.parse(path.read_text()))
        if not (at_top and module.endswith(FIELD_REFERENCES))
    ]
    assert offending == []
