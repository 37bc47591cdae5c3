"""WSGI entry point for gunicorn: `gunicorn concord.wsgi`."""

import os

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.settings")
application = get_wsgi_application()
if settings.DEBUG:
    # In development, static files come straight from the apps' folders, as runserver serves
    # them; production serves the collected files through WhiteNoise.
    application = StaticFilesHandler(application)

# Load the URL map, and with it every view and the API, now rather than on the first request:
# under `gunicorn --preload` (as scripts/supervise.py runs it) the master does it once and every
# worker, a replacement for a killed one too, is forked ready to answer.
get_resolver().url_patterns  # noqa: B018
