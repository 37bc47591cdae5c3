"""WSGI entry point for gunicorn: `gunicorn concord.wsgi`."""

import os

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.settings")
application = get_wsgi_application()
if settings.DEBUG:
    # In development, static files come straight from the apps' folders, as runserver serves
    # them; production serves the collected files through WhiteNoise.
    application = StaticFilesHandler(application)
