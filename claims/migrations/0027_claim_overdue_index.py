"""claim_overdue: the claims on the desk (in research or in review) in due-date order, with their
assignee, for the dashboard's overdue list (its first entries) and overdue count per assignee
(index-only). Partial, so it holds only the desk's claims. Issue #17."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0026_merge_0022_claim_tally_0025_i18n_preference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status__in', ['in_research', 'in_review'])), fields=['due_date', 'id'], include=('assignee',), name='claim_overdue'),
        ),
    ]
