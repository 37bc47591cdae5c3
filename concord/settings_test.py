"""Settings for the test suite: the same as production's, with fast hashing and inline tasks."""

import os

# Development mode for the settings module itself (pytest-django still runs tests with DEBUG off).
os.environ.setdefault("DEBUG", "true")
# The demo's stories are tested too, so the suite installs the demo app whatever DEBUG says.
os.environ.setdefault("CONCORD_DEMO", "true")

from concord.settings import *  # noqa: F403

# Tests create many people; the default hasher is deliberately slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process when enqueued; the worker itself has its own test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CONCORD_STRICT_TENANCY = True
# Each test builds its own chain; an anchor file shared between them would not match. Tests of
# the anchors point it at a temporary file.
CONCORD_AUDIT_ANCHOR_FILE = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded attachments go to a throwaway folder, never into var/.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="concord-test-media-"))  # noqa: F405
# So do the simulated partners' data nodes of federated studies.
CONCORD_RESEARCH_NODES_DIR = Path(tempfile.mkdtemp(prefix="concord-test-nodes-"))  # noqa: F405
# The coordinator's CA certificate offered to studies' parties (a public certificate only).
CONCORD_RESEARCH_COORDINATOR_CA = str(
    Path(__file__).parent / "research" / "tests" / "coordinator-ca.pem"  # noqa: F405
)

# A test database need not survive a power cut: PostgreSQL may acknowledge a commit before its
# WAL reaches the disk (the browser tests, the concurrency tests and test_migrations commit).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
