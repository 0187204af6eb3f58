"""Load the seed article and its curated claims (seeds/), and optionally the demo accounts.

Idempotent: a second run finds everything in place and changes nothing. Atomic: every quote is
checked against the article before anything is written, and one bad claim aborts the whole load.
"""
import json
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import demodesk
from claims.anchoring import AnchorError, find_quote, normalise_text
from claims.mail import not_mailed
from claims.models import Article, Claim
from claims.workflow import TransitionRefused

SEEDS = Path(settings.BASE_DIR) / "seeds"
DEMO_PASSWORD = "workbench-demo"
DEMO_USERS = [
    # username, full name, group
    ("editor", "Eda Editor", "Editors"),
    ("editor2", "Ezra Editor", "Editors"),
    ("checker", "Chris Checker", "Fact-checkers"),
    ("checker2", "Cleo Checker", "Fact-checkers"),
    ("viewer", "Vic Viewer", "Viewers"),
]


class Command(BaseCommand):
    help = "Load the seed article and its curated claims; --demo-users adds demo accounts (debug only)."

    def add_arguments(self, parser):
        parser.add_argument("--claims-file", default=str(SEEDS / "claims.json"), help="The curated claims file.")
        parser.add_argument("--demo-users", action="store_true", help="Also create the demo accounts.")

    def handle(self, *args, claims_file, demo_users, **options):
        if demo_users and not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DJANGO_DEBUG is off. "
                "They are for development only."
            )
        path = Path(claims_file)
        seed = self.read_seed(path)
        # The demo desk's changes notify people as real ones do (the badge, the notifications page),
        # but nobody is e-mailed about demo data, now or later by a worker.
        with not_mailed("Demo data: not mailed."):
            with transaction.atomic():
                article, created_article = self.load_article(path, seed["article"])
                n_created = self.load_claims(path, article, seed["claims"], demo=demo_users)
                if demo_users:
                    self.load_demo_users()
                    self.load_demo_desk(article)
        if created_article or n_created:
            self.stdout.write(f"Loaded “{article.title}” with {n_created} new claim(s).")
        else:
            self.stdout.write(f"Seed already loaded: “{article.title}” and its {article.claims.count()} claims.")

    def read_seed(self, path):
        try:
            seed = json.loads(path.read_text(encoding="utf-8"))
            seed["article"], seed["claims"]
        except FileNotFoundError:
            raise CommandError(f"{path}: file not found.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: not valid JSON ({exc}).") from None
        except RecursionError:
            raise CommandError(f"{path}: nested too deeply to be a seed file.") from None
        except (KeyError, TypeError):
            raise CommandError(f"{path}: expected an object with 'article' and 'claims'.") from None
        return seed

    def load_article(self, path, meta):
        raw = (path.parent / meta["file"]).read_text(encoding="utf-8")
        if meta.get("title_from_first_line"):
            title, _, raw = raw.partition("\n")
        else:
            title = meta["title"]
        body = normalise_text(raw)
        existing = Article.objects.filter(body_hash=Article.hash_body(body)).first()
        if existing:
            return existing, False
        article = Article(
            title=title.strip(), body=body, url=meta.get("url", ""), publisher=meta.get("publisher", ""),
            author=meta.get("author", ""), published_on=meta.get("published_on"), language=meta.get("language", "en"),
        )
        article.full_clean(exclude=["body_hash"])
        article.save()
        return article, True

    def load_claims(self, path, article, entries, demo=False):
        existing = set(article.claims.values_list("start", "end"))
        created = 0
        for number, entry in enumerate(entries, start=1):
            where = f"{path.name}, claim {number} (“{entry.get('text', '')}”)"
            try:
                anchor = find_quote(article.body, entry["quote"], entry.get("prefix", ""), entry.get("suffix", ""))
            except AnchorError as exc:
                raise CommandError(f"{where}: {exc} Nothing was loaded.") from None
            except KeyError:
                raise CommandError(f"{where}: has no 'quote'. Nothing was loaded.") from None
            if (anchor.start, anchor.end) in existing:
                continue
            # On the demo desk the claims were opened over the past weeks (claims/demodesk.py).
            opened = demodesk.clock_at(demodesk.opened_at(number - 1)) if demo else nullcontext()
            try:
                with opened:
                    Claim.create_from_span(
                        article, anchor.start, anchor.end, text=entry["text"],
                        claimant=entry.get("claimant", ""), claimant_url=entry.get("claimant_url", ""),
                        claim_type=entry.get("claim_type", "other"), priority=entry.get("priority", 2),
                    )
            except ValidationError as exc:
                raise CommandError(f"{where}: {'; '.join(exc.messages)} Nothing was loaded.") from None
            existing.add((anchor.start, anchor.end))
            created += 1
        return created

    def load_demo_users(self):
        User = get_user_model()
        for username, full_name, group in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.first_name, _, user.last_name = full_name.partition(" ")
                user.email = f"{username}@example.org"
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group))
            if group == "Editors" and not user.is_staff:
                user.is_staff = True  # editors may use the admin
                user.save(update_fields=["is_staff"])
        self.stdout.write(
            "Demo accounts (development only), all with the password "
            f"“{DEMO_PASSWORD}”: " + ", ".join(f"{u} ({g})" for u, _, g in DEMO_USERS)
        )

    def load_demo_desk(self, article):
        if demodesk.is_built(article):
            self.stdout.write("Demo desk already in place: its claims are left as they are.")
            return
        try:
            moved = demodesk.build(article)
        except TransitionRefused as refusal:
            # The workflow's rules changed under the demo's plan: say which, and write nothing.
            raise CommandError(f"The demo desk could not be built ({refusal.message}) Nothing was loaded.") from None
        self.stdout.write(
            f"Demo desk (development only): {moved} of the seed's claims moved through the workflow over the past "
            "three weeks, with sources, notes, due dates (two overdue), four published fact-checks and a correction."
        )
