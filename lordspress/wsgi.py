"""WSGI entry point: ``gunicorn lordspress.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lordspress.settings")

application = get_wsgi_application()
