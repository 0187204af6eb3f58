"""My queue's walks (ClaimQuerySet.most_urgent_for): claim_desk, a person's claims in research or in
review; claim_off_desk, their new and verified claims; claim_review, every verdict in review. Each is
in the queue's order (due date, priority, id) with the columns the walk filters on, so the queue reads
its first claims of each index-only instead of reading and sorting a whole desk. Partial, so each
holds only the claims its walk can return. Issue #17."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0030_people_and_ratings_change'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status__in', ['in_research', 'in_review'])), fields=['assignee', 'due_date', '-priority', 'id'], include=('status',), name='claim_desk'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('assignee__isnull', False), ('status__in', ['new', 'verified'])), fields=['assignee', 'due_date', '-priority', 'id'], include=('status',), name='claim_off_desk'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status', 'in_review')), fields=['due_date', '-priority', 'id'], include=('status', 'assignee', 'proposed_by'), name='claim_review'),
        ),
    ]
