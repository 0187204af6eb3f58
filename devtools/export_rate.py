# Time one export on the database in DATABASE_URL: claims/s and peak RSS growth (docs/reports.md, "Exports").
# Usage: EXPORT=csv STATUS=all VIA=command python manage.py shell < devtools/export_rate.py
#   VIA=command: export_claims --output FILE, in-process, as `manage.py bench` times it;
#   VIA=page: the Exports view called with a RequestFactory GET as a viewer (no session, no
#   middleware), its streaming_content written to the file as a server would send it.
import os
import tempfile
import time
from pathlib import Path
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from devtools.management.commands.bench import RSSPeak, _count_exported, _Null
from claims.views.exports import export_page
fmt, status, via = os.environ.get("EXPORT", "csv"), os.environ.get("STATUS", "all"), os.environ.get("VIA", "command")
viewer = next(u for u in get_user_model().objects.filter(is_active=True).order_by("pk") if u.has_perm("claims.view_claim"))
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / f"export.{fmt}"
    with RSSPeak() as rss:
        started = time.perf_counter()
        if via == "command":
            call_command("export_claims", "--format", fmt, "--status", status, "--output", str(path), stdout=_Null(), stderr=_Null())
        else:
            request = RequestFactory().get("/exports/", {"format": fmt, "status": status})
            request.user = viewer
            with path.open("wb") as out:
                for chunk in export_page(request).streaming_content:
                    out.write(chunk)
        seconds = time.perf_counter() - started
    n = _count_exported(path, fmt)
    print(f"{via} {fmt} {status}: {n:,} claims in {seconds:.2f} s = {n / seconds:,.0f} claims/s, RSS growth {rss.growth / 2**20:.1f} MB")
