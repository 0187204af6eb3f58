# The claim tally's costs on the database in DATABASE_URL (docs/performance.md, "The claim tally"):
# the counting queries of main (before the tally) and of the tally, EXPLAIN ANALYZE median of 6; then
# what the triggers cost the writers (each in a rolled-back transaction, with the update trigger and
# without it, median of 5). PostgreSQL only; changes nothing.
# Usage (on your own copy: disabling the trigger locks claims_claim while each test runs):
#   DATABASE_URL=postgres://…/wb_NAME python manage.py shell < devtools/tally_costs.py
import statistics
import time
from django.db import connection, transaction
DESK = "('in_research', 'in_review')"
OVERDUE = f"status IN {DESK} AND due_date < current_date"
THIS_WEEK = "status = 'published' AND last_published_at >= date_trunc('week', now())"
CHECKERS = ("SELECT user_id FROM auth_user_groups g JOIN auth_group gr ON gr.id = g.group_id "
            "WHERE gr.name = 'Fact-checkers'")
Q = {
    "list COUNT(*) (main)": "SELECT COUNT(*) FROM claims_claim",
    "list COUNT status (main)": "SELECT COUNT(*) FROM claims_claim WHERE status = 'in_research'",
    "list COUNT assignee (main)": "SELECT COUNT(*) FROM claims_claim WHERE assignee_id = 5",
    "list total (tally)": "SELECT COALESCE(SUM(delta), 0) FROM claims_claimtally",
    "list status total (tally)": "SELECT COALESCE(SUM(delta), 0) FROM claims_claimtally WHERE status = 'in_research'",
    "list assignee total (tally)": "SELECT COALESCE(SUM(delta), 0) FROM claims_claimtally WHERE assignee_id = 5",
    "board column counts (main)": "SELECT status, COUNT(status) FROM claims_claim GROUP BY status",
    "board column counts (tally)": "SELECT status, SUM(delta) FROM claims_claimtally GROUP BY status",
    "dashboard figures (main)": f"SELECT status, COUNT(status), COUNT(status) FILTER (WHERE {OVERDUE}), "
                                f"COUNT(status) FILTER (WHERE {THIS_WEEK}) FROM claims_claim GROUP BY status",
    "dashboard checkers' load (main)": (
        "SELECT u.id, COUNT(c.status) FILTER (WHERE c.status = 'in_research'), "
        "COUNT(c.status) FILTER (WHERE c.status = 'in_review'), COUNT(c.status) FILTER (WHERE c.due_date < current_date) "
        f"FROM auth_user u LEFT JOIN claims_claim c ON c.assignee_id = u.id AND c.status IN {DESK} "
        f"WHERE u.id IN ({CHECKERS}) GROUP BY u.id"),
    "dashboard: tally pairs (tally)": "SELECT status, assignee_id, SUM(delta) FROM claims_claimtally GROUP BY 1, 2",
    "dashboard: overdue by assignee (counted)": f"SELECT assignee_id, COUNT(status) FROM claims_claim WHERE {OVERDUE} GROUP BY 1",
    "dashboard: published this week (counted)": f"SELECT COUNT(status) FROM claims_claim WHERE {THIS_WEEK}",
}
with connection.cursor() as cursor:
    for name, sql in Q.items():
        times = []
        for _ in range(7):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            times.append(plan["Execution Time"])
        print(f"{statistics.median(times[1:]):8.2f} ms  {name}")
single = ("DO $$ BEGIN FOR i IN 1..500 LOOP UPDATE claims_claim SET assignee_id = CASE WHEN assignee_id IS NULL "
          "THEN 5 ELSE NULL END WHERE id = 1000 + i; END LOOP; END $$")
bulk = "UPDATE claims_claim SET assignee_id = NULL WHERE id <= 10000"
results = {}
for _ in range(5):
    for with_trigger in (True, False):
        for name, sql in (("500 single-row reassignments", single), ("one 10,000-row reassignment", bulk)):
            with transaction.atomic(), connection.cursor() as cursor:
                if not with_trigger:
                    cursor.execute("ALTER TABLE claims_claim DISABLE TRIGGER claims_claim_tally_update")
                started = time.perf_counter()
                cursor.execute(sql)
                results.setdefault((name, with_trigger), []).append((time.perf_counter() - started) * 1000)
                transaction.set_rollback(True)
for (name, with_trigger), times in sorted(results.items()):
    print(f"{name:32} {'with' if with_trigger else 'without'} the trigger: median {statistics.median(times):8.1f} ms")
# The rolled-back updates above leave about 350,000 dead row versions in claims_claim and clear its
# visibility map, which makes every index-only scan the pages rely on slower (the board's assignee
# choices even turned into a sequential scan) until vacuumed: vacuum before anything is measured.
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE claims_claim")
print("claims_claim vacuumed and analysed after the rolled-back updates.")
