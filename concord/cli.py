"""The `concord` command: Concord's management commands under one name (`concord sweep`)."""

import os
import sys


def main() -> None:
    """Run a management command, e.g. `concord audit verify` or `concord seed_demo`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["concord", *sys.argv[1:]])
