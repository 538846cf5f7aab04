"""WSGI entry point: `gunicorn ostrom.wsgi` (or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ostrom.settings")
application = get_wsgi_application()
