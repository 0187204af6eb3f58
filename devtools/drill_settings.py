"""Settings for the multi-node drill (devtools/drill.py): production settings, with mail written to
files (one Message-ID per notification, so deliveries can be counted) and static files served from
the finders (no collectstatic for a throw-away run)."""
import os

from workbench.settings import *  # noqa: F403
from workbench.settings import STORAGES

MAILERS = {"default": {"BACKEND": "devtools.drill_mail.SlowFileBackend", "OPTIONS": {"file_path": os.environ["DRILL_MAIL_DIR"]}}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
