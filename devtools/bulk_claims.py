# Fill a scratch database with N published claims (2 evidence, 3 history entries each).
# Usage: BULK_CLAIMS=10000 python manage.py shell < devtools/bulk_claims.py  (see docs/reports.md)
import os
from django.utils import timezone
from claims.models import Article, Claim, Evidence, HistoryEntry, Rating, Source, StageVisit
n = int(os.environ.get("BULK_CLAIMS", "10000"))
sentence = "The minister said the plan would cost 2 billion euros. "
article = Article.objects.create(title="Bulk article", publisher="Bench News", body=sentence * 50)
rating = Rating.objects.get(slug="false")
now = timezone.now()
sources = Source.objects.bulk_create([Source(url=f"https://example.org/s{i}", title=f"Source {i}") for i in range(200)])
for batch in range(0, n, 1000):
    claims = Claim.objects.bulk_create([
        Claim(article=article, text=f"Claim {i}", start=(i % 50) * len(sentence), end=(i % 50) * len(sentence) + 12,
              quote=sentence[:12], status="published", rating=rating, published_rating=rating,
              conclusion="It is false.", published_conclusion="It is false.", published_at=now, last_published_at=now)
        for i in range(batch, min(n, batch + 1000))
    ])
    Evidence.objects.bulk_create([Evidence(claim=c, source=sources[(c.pk + k) % 200], stance="refutes", excerpt="An excerpt " * 5)
                                  for c in claims for k in range(2)])
    HistoryEntry.objects.bulk_create([HistoryEntry(claim=c, action="status", field="status", old_value="verified",
                                                   new_value="published", comment="Published") for c in claims for _ in range(3)])
StageVisit.objects.rebuild(Claim.objects.filter(article=article).values_list("pk", flat=True))
print(Claim.objects.count(), "claims")
