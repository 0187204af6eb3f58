"""Restore a backup: `manage.py import_claims FILE`, FILE being `export_claims --format json --status all`.

Recreates the articles, claims (with their spans, versions and statuses), sources, evidence, notes,
history, corrections and ratings, and the users they mention (matched by username; a missing one is
created with no usable password, to be given one by an administrator).

All or nothing: the whole import is one transaction, and the first problem found (named with where
it is in the file, e.g. `claims[3].evidence[0].stance`) stops it with nothing written. Articles that
the database already holds (same text or same URL) are refused rather than duplicated: restore into
an empty database.
"""
import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from claims.exports import JSON_FORMAT_NAME, JSON_FORMAT_VERSION
from claims.parsing import control_character_message
from claims.models import (
    AnchorState, Article, Claim, Correction, Evidence, HistoryEntry, Note, Organisation, Rating, Source, StageVisit,
)


# A backup larger than this is refused before it is read (the whole file is parsed in memory);
# --max-mb raises it for a bigger newsroom.
DEFAULT_MAX_MB = 512


class ImportProblem(Exception):
    def __init__(self, where, message):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


class Command(BaseCommand):
    help = "Restore claims, articles, sources and their history from an export_claims JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `export_claims --format json`.")
        parser.add_argument("--max-mb", type=int, default=DEFAULT_MAX_MB,
                            help=f"Refuse a file larger than this many megabytes (default {DEFAULT_MAX_MB}).")

    def handle(self, *args, file, max_mb=DEFAULT_MAX_MB, **options):
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > max_mb * 1024 * 1024:
                raise CommandError(f"{path}: {size / 1024 / 1024:.0f} MB, over the limit of {max_mb} MB "
                                   "(raise it with --max-mb). Nothing was imported.")
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{path}: file not found.") from None
        except RecursionError:
            # json.loads recurses once per nesting level: "[[[[…" ten thousand deep exhausts the stack.
            raise CommandError(f"{path}: nested too deeply to be an export_claims file. Nothing was imported.") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}). Nothing was imported.") from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
                "the file may be cut short. Nothing was imported."
            ) from None
        try:
            with transaction.atomic():
                counts = Restore(data).run()
        except ImportProblem as problem:
            raise CommandError(f"{path}: {problem} Nothing was imported.") from None
        self.stdout.write(
            f"Imported {counts['articles']} article(s), {counts['claims']} claim(s), {counts['sources']} source(s), "
            f"{counts['users']} new user(s) from {path}."
        )


class Restore:
    """One import. Every read of the file goes through the helpers below, which know where in the
    file they are and name that place in their complaint."""

    def __init__(self, data):
        self.data = data
        self.users = {}
        self.ratings = {}
        self.articles = {}
        self.sources = {}
        self.claims = {}
        self.counts = {"articles": 0, "claims": 0, "sources": 0, "users": 0}

    # --- reading the file ------------------------------------------------------------------------

    def obj(self, value, where):
        if not isinstance(value, dict):
            raise ImportProblem(where, "expected an object.")
        return value

    def items(self, parent, key, where):
        value = self.get(parent, key, where)
        if not isinstance(value, list):
            raise ImportProblem(f"{where}.{key}", "expected a list.")
        return [(f"{where}.{key}[{i}]" if where else f"{key}[{i}]", item) for i, item in enumerate(value)]

    def get(self, parent, key, where, kind=None):
        if key not in parent:
            raise ImportProblem(where or "the file", f"“{key}” is missing.")
        value = parent[key]
        if kind is not None and value is not None and not isinstance(value, kind):
            raise ImportProblem(f"{where}.{key}" if where else key, f"expected {kind.__name__}, found {type(value).__name__}.")
        if isinstance(value, str):
            # The rule every form applies (claims.parsing): no control character but tab and line breaks.
            problem = control_character_message(value, "text")
            if problem:
                raise ImportProblem(f"{where}.{key}" if where else key, problem)
        return value

    def text(self, parent, key, where):
        value = self.get(parent, key, where, str)
        return "" if value is None else value

    def when(self, parent, key, where, *, required=True):
        value = self.get(parent, key, where)
        if value is None and not required:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise ImportProblem(f"{where}.{key}", f"“{value}” is not a date and time (ISO 8601).") from None
        if moment.tzinfo is None:
            raise ImportProblem(f"{where}.{key}", f"“{value}” has no time zone.")
        return moment

    def day(self, parent, key, where):
        value = self.get(parent, key, where)
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ImportProblem(f"{where}.{key}", f"“{value}” is not a date (YYYY-MM-DD).") from None

    def user(self, parent, key, where, *, required=False):
        username = self.get(parent, key, where)
        if username is None:
            if required:
                raise ImportProblem(f"{where}.{key}", "a user is required here.")
            return None
        if username not in self.users:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise ImportProblem(f"{where}.{key}", f"the user “{username}” is neither in the file's users nor in the database.")
            self.users[username] = user
        return self.users[username]

    def rating(self, parent, key, where):
        value = self.get(parent, key, where)
        if value is None:
            return None
        slug = self.get(self.obj(value, f"{where}.{key}"), "slug", f"{where}.{key}", str)
        if slug not in self.ratings:
            rating = Rating.objects.filter(slug=slug).first()
            if rating is None:
                raise ImportProblem(f"{where}.{key}", f"there is no rating “{slug}” in the file or the database.")
            self.ratings[slug] = rating
        return self.ratings[slug]

    def valid(self, instance, where, exclude=()):
        try:
            instance.full_clean(exclude=list(exclude), validate_constraints=True)
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            field, errors = next(iter(messages.items()))
            place = f"{where}.{field}" if field and field != "__all__" else where
            raise ImportProblem(place, " ".join(errors)) from None

    def save(self, instance, where):
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as exc:
            raise ImportProblem(where, f"the database refused it ({exc}).") from None

    # --- the import ------------------------------------------------------------------------------

    def run(self):
        data = self.obj(self.data, "the file")
        if data.get("format") != JSON_FORMAT_NAME:
            raise ImportProblem("format", f"this is not a claim workbench export (expected “{JSON_FORMAT_NAME}”).")
        if data.get("version") != JSON_FORMAT_VERSION:
            raise ImportProblem("version", f"version {data.get('version')!r} is not one this workbench reads ({JSON_FORMAT_VERSION}).")
        for key in ("organisation", "ratings", "articles", "claims", "users"):
            self.get(data, key, "")
        self.restore_users()
        self.restore_ratings()
        self.restore_organisation()
        self.restore_articles()
        self.restore_claims()
        return self.counts

    def restore_users(self):
        User = get_user_model()
        for where, entry in self.items(self.data, "users", ""):
            entry = self.obj(entry, where)
            username = self.get(entry, "username", where, str)
            if not username:
                raise ImportProblem(f"{where}.username", "a username cannot be empty.")
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username, first_name=self.text(entry, "first_name", where),
                    last_name=self.text(entry, "last_name", where), email=self.text(entry, "email", where),
                    is_active=bool(entry.get("is_active", True)), is_staff=bool(entry.get("is_staff", False)),
                )
                # Password hashes are never exported: an administrator sets a new password.
                user.set_unusable_password()
                self.valid(user, where, exclude=["password"])
                self.save(user, where)
                for i, name in enumerate(self.get(entry, "groups", where, list) or []):
                    group = Group.objects.filter(name=name).first()
                    if group is None:
                        raise ImportProblem(f"{where}.groups[{i}]", f"there is no group “{name}”.")
                    user.groups.add(group)
                self.counts["users"] += 1
            self.users[username] = user

    def restore_ratings(self):
        entries = [(where, self.obj(entry, where)) for where, entry in self.items(self.data, "ratings", "")]
        wanted = []
        for where, entry in entries:
            slug = self.get(entry, "slug", where, str)
            rating = Rating.objects.filter(slug=slug).first() or Rating(slug=slug)
            fields = {
                "label": self.get(entry, "label", where, str), "value": self.get(entry, "value", where, int),
                "definition": self.text(entry, "definition", where), "colour": self.get(entry, "colour", where, str),
                "order": self.get(entry, "order", where, int),
            }
            self.ratings[slug] = rating
            if rating.pk is None or any(getattr(rating, name) != value for name, value in fields.items()):
                wanted.append((where, rating, fields))
        for where, rating, fields in wanted:
            # Published verdicts keep their label and value (Rating.PUBLISHED_FIELDS).
            if rating.pk and any(fields[f] != getattr(rating, f) for f in ("label", "value")) \
                    and rating.is_on_the_public_record():
                raise ImportProblem(where, "refused: published verdicts use this rating, so its label and value cannot change.")
        # Free the numeric values of the ratings that change first, so a scale whose numbers moved
        # between ratings can be restored without tripping over its own unique values on the way.
        moving = [rating.pk for _, rating, fields in wanted if rating.pk and rating.value != fields["value"]]
        Rating.objects.filter(pk__in=moving).update(value=None)
        for where, rating, fields in wanted:
            for name, value in fields.items():
                setattr(rating, name, value)
            self.valid(rating, where)
            self.save(rating, where)

    def restore_organisation(self):
        entry = self.obj(self.get(self.data, "organisation", ""), "organisation")
        organisation = Organisation.current()
        for field in ("name", "url", "public_base_url", "methodology", "corrections_policy_url"):
            setattr(organisation, field, self.text(entry, field, "organisation"))
        # Backups made before the logo existed have none: the organisation keeps its own.
        if "logo" in entry:
            organisation.logo = self.text(entry, "logo", "organisation")
        self.valid(organisation, "organisation")
        organisation.save()

    def restore_articles(self):
        for where, entry in self.items(self.data, "articles", ""):
            entry = self.obj(entry, where)
            article = Article(
                title=self.get(entry, "title", where, str), url=self.text(entry, "url", where),
                publisher=self.text(entry, "publisher", where), author=self.text(entry, "author", where),
                published_on=self.day(entry, "published_on", where), language=self.get(entry, "language", where, str),
                body=self.get(entry, "body", where, str), added_by=self.user(entry, "added_by", where),
                created_at=self.when(entry, "created_at", where),
            )
            body_hash = Article.hash_body(article.body)
            # Claims index into the body by character offset: a body that changed on the way would
            # move every claim, so it must be exactly the one that was exported.
            if body_hash != self.get(entry, "body_hash", where, str):
                raise ImportProblem(f"{where}.body", "the text does not match its body_hash: the file was altered.")
            existing = Article.objects.filter(body_hash=body_hash).first()
            if existing is None and article.url:
                existing = Article.objects.filter(url=article.url).first()
            if existing is not None:
                raise ImportProblem(where, f"the database already holds this article (“{existing.title}”, id {existing.pk}).")
            self.valid(article, where, exclude=["body_hash", "added_by"])
            self.save(article, where)
            Article.objects.filter(pk=article.pk).update(updated_at=self.when(entry, "updated_at", where))
            self.articles[self.get(entry, "id", where, int)] = article
            self.counts["articles"] += 1

    def restore_source(self, entry, where):
        entry = self.obj(entry, where)
        key = self.get(entry, "id", where, int)
        if key not in self.sources:
            source = Source(
                url=self.get(entry, "url", where, str), title=self.get(entry, "title", where, str),
                publisher=self.text(entry, "publisher", where), published_on=self.day(entry, "published_on", where),
                accessed_on=self.day(entry, "accessed_on", where), archive_url=self.text(entry, "archive_url", where),
                is_primary=bool(self.get(entry, "is_primary", where, bool)), added_by=self.user(entry, "added_by", where),
                created_at=self.when(entry, "created_at", where),
            )
            self.valid(source, where, exclude=["added_by"])
            self.save(source, where)
            self.sources[key] = source
            self.counts["sources"] += 1
        return self.sources[key]

    def restore_claims(self):
        duplicates = []
        for where, entry in self.items(self.data, "claims", ""):
            entry = self.obj(entry, where)
            article = self.obj(self.get(entry, "article", where), f"{where}.article")
            article_id = self.get(article, "id", f"{where}.article", int)
            if article_id not in self.articles:
                raise ImportProblem(f"{where}.article", f"article {article_id} is not in the file's articles.")
            span = self.obj(self.get(entry, "span", where), f"{where}.span")
            claimant = self.obj(self.get(entry, "claimant", where), f"{where}.claimant")
            published = self.obj(self.get(entry, "published", where), f"{where}.published")
            assignment = self.obj(self.get(entry, "assignment", where), f"{where}.assignment")
            at = f"{where}.span"
            claim = Claim(
                article=self.articles[article_id], text=self.get(entry, "claim", where, str),
                start=self.get(span, "start", at, int), end=self.get(span, "end", at, int),
                quote=self.get(span, "quote", at, str), prefix=self.text(span, "prefix", at),
                suffix=self.text(span, "suffix", at), anchor_state=self.get(span, "anchor_state", at, str),
                claimant=self.text(claimant, "name", f"{where}.claimant"),
                claimant_url=self.text(claimant, "url", f"{where}.claimant"),
                claimant_kind=self.text(claimant, "kind", f"{where}.claimant"),
                claim_type=self.get(entry, "claim_type", where, str), priority=self.get(entry, "priority", where, int),
                status=self.get(entry, "status", where, str), version=self.get(entry, "version", where, int),
                rating=self.rating(entry, "verdict", where), conclusion=self.text(entry, "conclusion", where),
                source_justification=self.text(entry, "source_justification", where),
                published_rating=self.rating(published, "verdict", f"{where}.published"),
                published_conclusion=self.text(published, "conclusion", f"{where}.published"),
                published_at=self.when(published, "published_at", f"{where}.published", required=False),
                last_published_at=self.when(published, "last_published_at", f"{where}.published", required=False),
                assignee=self.user(assignment, "assignee", f"{where}.assignment"),
                due_date=self.day(assignment, "due_date", f"{where}.assignment"),
                proposed_by=self.user(entry, "proposed_by", where), approved_by=self.user(entry, "approved_by", where),
                created_by=self.user(entry, "created_by", where), created_at=self.when(entry, "created_at", where),
            )
            # A claim that lost its place in the text keeps its last known span; every other one
            # must quote its article exactly there (Claim.clean checks that).
            fks = ["article", "rating", "published_rating", "assignee", "proposed_by", "approved_by", "created_by", "duplicate_of"]
            if claim.anchor_state == AnchorState.ORPHANED:
                try:
                    claim.clean_fields(exclude=fks)
                    claim.validate_constraints()
                except ValidationError as exc:
                    raise ImportProblem(where, " ".join(exc.messages)) from None
            else:
                self.valid(claim, where, exclude=fks)
            # Everything the workflow guarantees holds in a restored claim too (Claim.workflow_problems:
            # published => a publication time, approver != proposer, ...).
            for field, message in claim.workflow_problems():
                raise ImportProblem(f"{where}.{field}", f"refused: {message}")
            self.save(claim, where)
            Claim.objects.filter(pk=claim.pk).update(updated_at=self.when(entry, "updated_at", where))
            self.claims[self.get(entry, "id", where, int)] = claim
            duplicate_of = self.get(entry, "duplicate_of", where, int)
            if duplicate_of is not None:
                duplicates.append((where, claim, duplicate_of))
            self.restore_claim_records(claim, entry, where)
            self.counts["claims"] += 1
        for where, claim, original in duplicates:
            if original not in self.claims:
                raise ImportProblem(f"{where}.duplicate_of", f"claim {original} is not in the file.")
            Claim.objects.filter(pk=claim.pk).update(duplicate_of=self.claims[original])

    def restore_claim_records(self, claim, entry, where):
        records = []
        for at, item in self.items(entry, "evidence", where):
            item = self.obj(item, at)
            records.append((at, Evidence(
                claim=claim, source=self.restore_source(self.get(item, "source", at), f"{at}.source"),
                stance=self.get(item, "stance", at, str), excerpt=self.text(item, "excerpt", at),
                added_by=self.user(item, "added_by", at), created_at=self.when(item, "created_at", at),
            )))
        for at, item in self.items(entry, "notes", where):
            item = self.obj(item, at)
            records.append((at, Note(
                claim=claim, author=self.user(item, "author", at, required=True), body=self.get(item, "body", at, str),
                created_at=self.when(item, "created_at", at),
            )))
        for at, item in self.items(entry, "history", where):
            item = self.obj(item, at)
            records.append((at, HistoryEntry(
                claim=claim, actor=self.user(item, "actor", at), action=self.get(item, "action", at, str),
                field=self.text(item, "field", at), old_value=self.text(item, "old_value", at),
                new_value=self.text(item, "new_value", at), comment=self.text(item, "comment", at),
                created_at=self.when(item, "created_at", at),
            )))
        for at, item in self.items(entry, "corrections", where):
            item = self.obj(item, at)
            records.append((at, Correction(
                claim=claim, old_rating=self.rating(item, "old_rating", at), new_rating=self.rating(item, "new_rating", at),
                old_conclusion=self.text(item, "old_conclusion", at), new_conclusion=self.text(item, "new_conclusion", at),
                public_note=self.get(item, "public_note", at, str),
                corrected_by=self.user(item, "corrected_by", at, required=True), created_at=self.when(item, "created_at", at),
            )))
        for at, record in records:
            # Notes, history and corrections are append-only: these are inserts, which they allow.
            self.valid(record, at, exclude=["claim", "source", "author", "actor", "added_by", "corrected_by",
                                            "old_rating", "new_rating"])
            self.save(record, at)
        # The restored history, with its own timestamps, cut into the Desk page's stage visits.
        StageVisit.objects.rebuild([claim.pk])
