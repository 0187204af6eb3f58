from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Benchmarks and load generators: a separate app so their management commands exist only where
    it is installed (development, the bench, the tests), never in the product's code paths."""

    name = "devtools"
    verbose_name = "Development tools"
