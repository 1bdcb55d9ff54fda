"""The Django project: settings, URLs, the Celery app and health checks."""

from factcheck.celery import app as celery_app

__all__ = ["celery_app"]
