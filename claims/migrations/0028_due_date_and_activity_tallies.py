"""The due-date tally and the activity tally (claims.models.DueDateTally, ActivityTally): the desk's
claims per (due date, assignee), and the claims opened and verified per quarter-hour of UTC, kept by
triggers so that the dashboard's overdue counts and 30-day chart read a bounded number of rows
however many claims there are (issue #17); and claim_published_since, so that its third count,
"published this week", is read from an index alone. The tallies are built as 0022 built the claim
tally, for its reasons:

PostgreSQL: one statement-level trigger per operation, with transition tables, per tally. An
update appends only the keys whose sum moved (HAVING SUM(delta) <> 0): re-prioritising 10,000 claims
appends nothing. TRUNCATE empties the tally's part. claims_historyentry refuses UPDATE and DELETE
(migrations 0003, 0013), so only its inserts and TRUNCATE are followed there.

SQLite: row-level triggers, each WHEN-guarded so that a write that moves nothing appends nothing.
SQLite cannot convert time zones, and needs none: created_at is stored as UTC text
("2026-11-30 23:59:59.123456"), cut here to its quarter-hour ("2026-11-30 23:45:00"). As in 0022,
deleting the last claim (or the last history entry) empties what it fed: the test runner's flush
empties tables in no fixed order, and must leave no stray rows. SQLite does not enforce the
history's append-only rule, so its updates and deletes are followed too.

The desk's statuses (workflow.ON_DESK) and the verification entry (a status change to "verified")
are written out below as they are today: tests/test_dashboard_tallies.py checks them against the code.

Creating the triggers locks claims_claim and claims_historyentry against writes until this
migration commits, so the fill counts exactly the rows the triggers take over from."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ON_DESK = "('in_research', 'in_review')"
VERIFICATION = "action = 'status' AND field = 'status' AND new_value = 'verified'"
# Zone-independent: date_bin works on the instant (date_trunc would cut in the session's zone).
PG_QUARTER = "date_bin('15 minutes', {0}, TIMESTAMPTZ '2000-01-01 00:00:00+00')"
SQLITE_QUARTER = "substr({0}, 1, 14) || printf('%02d', CAST(substr({0}, 15, 2) AS INTEGER) / 15 * 15) || ':00'"

DUE_KEY = "due_date, assignee_id"
DUE_WHERE = f"status IN {ON_DESK} AND due_date IS NOT NULL"


def _pg_moved(table, key, select_old, select_new, where_old="TRUE", where_new="TRUE"):
    """The INSERT/DELETE/UPDATE branches of a statement-level tally function."""
    by = ", ".join(str(i + 1) for i in range(len(key.split(","))))  # by position: a key may start with a constant
    return f"""
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO {table} ({key}, delta)
            SELECT {select_new}, COUNT(*) FROM new_rows WHERE {where_new} GROUP BY {by};
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO {table} ({key}, delta)
            SELECT {select_old}, -COUNT(*) FROM old_rows WHERE {where_old} GROUP BY {by};
        ELSE
            INSERT INTO {table} ({key}, delta)
            SELECT {key}, SUM(delta) FROM (
                SELECT {select_old}, -1 AS delta FROM old_rows WHERE {where_old}
                UNION ALL
                SELECT {select_new}, 1 FROM new_rows WHERE {where_new}
            ) AS moved ({key}, delta) GROUP BY {key} HAVING SUM(delta) <> 0;
        END IF;
        RETURN NULL;
    END;"""


OPENED_KEY = "kind, quarter_hour"
PG_OPENED = f"'opened', {PG_QUARTER.format('created_at')}"

POSTGRESQL = [
    f"""CREATE FUNCTION claims_claim_due_date_tally() RETURNS trigger AS $$
    {_pg_moved('claims_duedatetally', DUE_KEY, DUE_KEY, DUE_KEY, DUE_WHERE, DUE_WHERE)}
    $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION claims_claim_opened_tally() RETURNS trigger AS $$
    {_pg_moved('claims_activitytally', OPENED_KEY, PG_OPENED, PG_OPENED)}
    $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION claims_history_verified_tally() RETURNS trigger AS $$
    BEGIN
        INSERT INTO claims_activitytally (kind, quarter_hour, delta)
        SELECT 'verified', {PG_QUARTER.format('created_at')}, COUNT(*) FROM new_rows WHERE {VERIFICATION} GROUP BY 2;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION claims_claim_day_tallies_truncate() RETURNS trigger AS $$
    BEGIN
        DELETE FROM claims_duedatetally;
        DELETE FROM claims_activitytally WHERE kind = 'opened';
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION claims_history_verified_tally_truncate() RETURNS trigger AS $$
    BEGIN
        DELETE FROM claims_activitytally WHERE kind = 'verified';
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql""",
]
for function, prefix in (("claims_claim_due_date_tally", "claims_claim_due_date_tally"),
                         ("claims_claim_opened_tally", "claims_claim_opened_tally")):
    POSTGRESQL += [
        f"""CREATE TRIGGER {prefix}_insert AFTER INSERT ON claims_claim
           REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {prefix}_update AFTER UPDATE ON claims_claim
           REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {prefix}_delete AFTER DELETE ON claims_claim
           REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
    ]
POSTGRESQL += [
    """CREATE TRIGGER claims_claim_day_tallies_truncate AFTER TRUNCATE ON claims_claim
       FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_day_tallies_truncate()""",
    """CREATE TRIGGER claims_history_verified_tally_insert AFTER INSERT ON claims_historyentry
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_history_verified_tally()""",
    """CREATE TRIGGER claims_history_verified_tally_truncate AFTER TRUNCATE ON claims_historyentry
       FOR EACH STATEMENT EXECUTE FUNCTION claims_history_verified_tally_truncate()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS claims_history_verified_tally_truncate ON claims_historyentry",
    "DROP TRIGGER IF EXISTS claims_history_verified_tally_insert ON claims_historyentry",
    "DROP TRIGGER IF EXISTS claims_claim_day_tallies_truncate ON claims_claim",
] + [
    f"DROP TRIGGER IF EXISTS {prefix}_{op} ON claims_claim"
    for prefix in ("claims_claim_opened_tally", "claims_claim_due_date_tally") for op in ("delete", "update", "insert")
] + [
    f"DROP FUNCTION IF EXISTS {function}()"
    for function in ("claims_history_verified_tally_truncate", "claims_claim_day_tallies_truncate",
                     "claims_history_verified_tally", "claims_claim_opened_tally", "claims_claim_due_date_tally")
]

OLD_ON_DESK, NEW_ON_DESK = f"OLD.status IN {ON_DESK}", f"NEW.status IN {ON_DESK}"
OLD_DUE = f"{OLD_ON_DESK} AND OLD.due_date IS NOT NULL"
NEW_DUE = f"{NEW_ON_DESK} AND NEW.due_date IS NOT NULL"
OLD_VERIFICATION = "OLD.action = 'status' AND OLD.field = 'status' AND OLD.new_value = 'verified'"
NEW_VERIFICATION = "NEW.action = 'status' AND NEW.field = 'status' AND NEW.new_value = 'verified'"
OLD_QUARTER, NEW_QUARTER = SQLITE_QUARTER.format("OLD.created_at"), SQLITE_QUARTER.format("NEW.created_at")

SQLITE = [
    # The due-date tally.
    f"""CREATE TRIGGER claims_claim_due_date_tally_insert AFTER INSERT ON claims_claim WHEN {NEW_DUE} BEGIN
        INSERT INTO claims_duedatetally (due_date, assignee_id, delta) VALUES (NEW.due_date, NEW.assignee_id, 1);
    END""",
    # Only when the claim enters or leaves what is counted, or its key moves: in research -> in
    # review with the same due date and assignee appends nothing.
    f"""CREATE TRIGGER claims_claim_due_date_tally_update AFTER UPDATE ON claims_claim
    WHEN ({OLD_DUE}) IS NOT ({NEW_DUE})
      OR (({NEW_DUE}) AND (OLD.due_date IS NOT NEW.due_date OR OLD.assignee_id IS NOT NEW.assignee_id)) BEGIN
        INSERT INTO claims_duedatetally (due_date, assignee_id, delta) SELECT OLD.due_date, OLD.assignee_id, -1 WHERE {OLD_DUE};
        INSERT INTO claims_duedatetally (due_date, assignee_id, delta) SELECT NEW.due_date, NEW.assignee_id, 1 WHERE {NEW_DUE};
    END""",
    # The opened quarter-hours.
    f"""CREATE TRIGGER claims_claim_opened_tally_insert AFTER INSERT ON claims_claim BEGIN
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) VALUES ('opened', {NEW_QUARTER}, 1);
    END""",
    f"""CREATE TRIGGER claims_claim_opened_tally_update AFTER UPDATE ON claims_claim
    WHEN OLD.created_at IS NOT NEW.created_at BEGIN
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) VALUES ('opened', {OLD_QUARTER}, -1), ('opened', {NEW_QUARTER}, 1);
    END""",
    # Both on a claim's delete, then the flush's clean slate.
    f"""CREATE TRIGGER claims_claim_day_tallies_delete AFTER DELETE ON claims_claim BEGIN
        INSERT INTO claims_duedatetally (due_date, assignee_id, delta) SELECT OLD.due_date, OLD.assignee_id, -1 WHERE {OLD_DUE};
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) VALUES ('opened', {OLD_QUARTER}, -1);
        DELETE FROM claims_duedatetally WHERE NOT EXISTS (SELECT 1 FROM claims_claim);
        DELETE FROM claims_activitytally WHERE kind = 'opened' AND NOT EXISTS (SELECT 1 FROM claims_claim);
    END""",
    # The verified quarter-hours.
    f"""CREATE TRIGGER claims_history_verified_tally_insert AFTER INSERT ON claims_historyentry
    WHEN {NEW_VERIFICATION} BEGIN
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) VALUES ('verified', {NEW_QUARTER}, 1);
    END""",
    f"""CREATE TRIGGER claims_history_verified_tally_update AFTER UPDATE ON claims_historyentry
    WHEN ({OLD_VERIFICATION}) IS NOT ({NEW_VERIFICATION})
      OR (({NEW_VERIFICATION}) AND OLD.created_at IS NOT NEW.created_at) BEGIN
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) SELECT 'verified', {OLD_QUARTER}, -1 WHERE {OLD_VERIFICATION};
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) SELECT 'verified', {NEW_QUARTER}, 1 WHERE {NEW_VERIFICATION};
    END""",
    f"""CREATE TRIGGER claims_history_verified_tally_delete AFTER DELETE ON claims_historyentry BEGIN
        INSERT INTO claims_activitytally (kind, quarter_hour, delta) SELECT 'verified', {OLD_QUARTER}, -1 WHERE {OLD_VERIFICATION};
        DELETE FROM claims_activitytally WHERE kind = 'verified' AND NOT EXISTS (SELECT 1 FROM claims_historyentry);
    END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}" for name in (
        "claims_history_verified_tally_delete", "claims_history_verified_tally_update", "claims_history_verified_tally_insert",
        "claims_claim_day_tallies_delete", "claims_claim_opened_tally_update", "claims_claim_opened_tally_insert",
        "claims_claim_due_date_tally_update", "claims_claim_due_date_tally_insert",
    )
]


def fill(quarter):
    return [
        f"""INSERT INTO claims_duedatetally (due_date, assignee_id, delta)
            SELECT due_date, assignee_id, COUNT(*) FROM claims_claim WHERE {DUE_WHERE} GROUP BY due_date, assignee_id""",
        f"""INSERT INTO claims_activitytally (kind, quarter_hour, delta)
            SELECT 'opened', {quarter.format('created_at')}, COUNT(*) FROM claims_claim GROUP BY 2""",
        f"""INSERT INTO claims_activitytally (kind, quarter_hour, delta)
            SELECT 'verified', {quarter.format('created_at')}, COUNT(*) FROM claims_historyentry WHERE {VERIFICATION} GROUP BY 2""",
    ]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"The tallies' triggers are written for PostgreSQL and SQLite, not {vendor}.")
    statements = POSTGRESQL + fill(PG_QUARTER) if vendor == "postgresql" else SQLITE + fill(SQLITE_QUARTER)
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0027_claim_overdue_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DueDateTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("due_date", models.DateField()),
                ("delta", models.IntegerField()),
                ("assignee", models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                                               related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "indexes": [models.Index(fields=["due_date", "assignee"], include=("delta",), name="due_date_tally_pair")],
            },
        ),
        migrations.CreateModel(
            name="ActivityTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("opened", "opened"), ("verified", "verified")], max_length=8)),
                ("quarter_hour", models.DateTimeField()),
                ("delta", models.IntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["quarter_hour", "kind"], include=("delta",), name="activity_tally_time")],
            },
        ),
        migrations.RunPython(install, uninstall),
        # The dashboard's other count, "published this week", from an index alone (claims.models.Claim.Meta).
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(condition=models.Q(("status", "published")), fields=["last_published_at"], name="claim_published_since"),
        ),
    ]
