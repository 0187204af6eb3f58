"""Test settings: production settings (debug off) with what plain-HTTP test clients need."""
from workbench.settings import *  # noqa: F403
from workbench.settings import STORAGES

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# No collectstatic before tests: serve files straight from the finders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Hashing passwords slowly is a production virtue and a test-suite cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# WhiteNoise serves from the finders too; there is no collected STATIC_ROOT in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Saving a claim enqueues its embedding (claims/embeddings.py); with the immediate task backend that
# would run the model for every claim every test makes. Tests of embeddings turn it back on.
EMBED_ON_SAVE = False
# The development tools' commands (bench, loadtest...) have their tests too.
if "devtools" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
