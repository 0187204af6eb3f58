"""A second URL configuration for tests/test_addresses.py: the same name at another address."""
from .test_addresses import elsewhere as urlpatterns  # noqa: F401
