"""The workbench's URLs plus the benchmark's lean admin at /lean-admin/ (devtools/lean_admin.py).
Used only by `manage.py bench`, which serves them through override_settings(ROOT_URLCONF=...)."""
from django.urls import path

from workbench.urls import urlpatterns as workbench_urlpatterns

from .lean_admin import site as lean_admin_site

urlpatterns = [path("lean-admin/", lean_admin_site.urls), *workbench_urlpatterns]
