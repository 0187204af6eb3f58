"""Values queries whose SQL the ORM builds once per shape, then sent again with each request's values.

The board asks the same question on every request (the first cards of each column, with their idle
flag), and building and compiling it through the ORM cost more CPU than PostgreSQL spent answering it
(issue #17: ~4.5 ms of a 17 ms request). Writing that SQL by hand would restate the rules it is made of
(who sees which claims, `ClaimQuerySet.visible_to`; when a claim is idle, `_idle_q`). So the ORM still
writes it, from the model's own methods, and only its compiled text is kept:

- The query is built by a function of a *base* queryset (`visible_to(user)` and the page's filters,
  built through the ORM on every request: the rules decide every time) and of `now`, the one value that
  changes between requests of the same shape.
- It is kept per base: the key is the SQL and the parameters of the base's WHERE clause, so a
  different visibility, a different filter or a different filter value is a different entry, compiled
  by the ORM on its first use. A base the key cannot describe (joins, annotations, DISTINCT, a slice, an
  empty queryset...) is not kept: its query is run through the ORM as before.
- `now` is found in the compiled parameters by building the query once with a sentinel instant that no
  other value can equal, and replaced by the request's own on every use.

tests/test_compiled_queries.py proves the rows are the ORM's, over random claims, filters and users.
"""
import datetime
import threading

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import DateTimeField

# No claim is idle since 1901 and no data is dated then: a parameter equal to this came from `now`.
_SENTINEL_NOW = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
# Each entry is a few kilobytes of SQL; entries differ by filter value (one per article or assignee
# filtered on), so the store is emptied when it reaches this size rather than growing with use.
MAX_ENTRIES = 256


class CompiledQuery:
    """`build(base, now, **options)` -> a values() queryset; `rows(base, now, **options)` is
    `list(build(base, now, **options))`, with the SQL compiled by the ORM on the first use of each base
    and options, and sent again afterwards. Whatever else the query is made of must be the same on
    every call: anything that may change (a page size, say) is an option, part of the key.
    With `with_now=False`, `build(base, **options)` and `rows(base, **options)`: no time to replace.
    `limit`: the entries kept per thread before the store is emptied."""

    def __init__(self, build, with_now=True, limit=MAX_ENTRIES):
        self.with_now, self.limit = with_now, limit
        self.build = build if with_now else (lambda base, now, **options: build(base, **options))
        # Per thread: an entry keeps the compiler that made it (its converters are bound to the
        # thread's database connection).
        self._local = threading.local()

    def rows(self, base, now=None, **options):
        key = self._key(base, options)
        if key is None:
            return list(self.build(base, now, **options))
        store = self._store()
        entry = store.get(key)
        if entry is None:
            entry = self._compile(base, options)
            if entry is None:
                return list(self.build(base, now, **options))
            if len(store) >= self.limit:
                store.clear()
            store[key] = entry
        return entry.run(now)

    def _store(self):
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = {}
        return store

    def _key(self, base, options):
        """What the built query depends on besides `now`: the options, the base's database and WHERE
        clause (SQL and parameters). None when the base holds anything else that would change the query."""
        query = base.query
        if (query.is_sliced or query.distinct or query.combinator or query.group_by is not None
                or query.annotations or query.extra or query.extra_tables or query.select_related
                or query.values_select or query.order_by or query.deferred_loading != (frozenset(), True)
                or any(alias != query.base_table and count for alias, count in query.alias_refcount.items())):
            return None
        compiler = query.get_compiler(using=base.db)
        try:
            where, params = compiler.compile(query.where)
        except FullResultSet:  # no condition: every claim
            where, params = "", ()
        except EmptyResultSet:
            return None
        key = (base.db, query.model, where, tuple(params), tuple(sorted(options.items())))
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _compile(self, base, options):
        queryset = self.build(base, _SENTINEL_NOW if self.with_now else None, **options)
        query = queryset.query
        compiler = query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # the query can match nothing (an empty slice): the ORM answers without SQL
            return None
        connection = compiler.connection
        sentinel = DateTimeField().get_db_prep_value(_SENTINEL_NOW, connection)
        slots = [i for i, value in enumerate(params) if value == sentinel] if self.with_now else []
        if self.with_now and not slots:
            return None  # `now` is not a parameter of this query (never expected): do not keep it
        names = list(query.selected) if query.selected else [
            *query.extra_select, *query.values_select, *query.annotation_select]
        fields = [s[0] for s in compiler.select[0:compiler.col_count]]
        return _Entry(compiler, sql, list(params), slots, names, compiler.get_converters(fields))


class _Entry:
    def __init__(self, compiler, sql, params, slots, names, converters):
        self.compiler, self.sql, self.params, self.slots = compiler, sql, params, slots
        self.names, self.converters = names, converters

    def run(self, now):
        connection = self.compiler.connection
        params = list(self.params)
        if self.slots:
            value = DateTimeField().get_db_prep_value(now, connection)
            for i in self.slots:
                params[i] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        names = self.names
        return [dict(zip(names, row)) for row in rows]
