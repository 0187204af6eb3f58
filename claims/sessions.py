"""Sessions: database sessions whose idle clock costs no write on most requests, and ending a
user's sessions when their account is deactivated.

Renewal. A session ends after SESSION_COOKIE_AGE idle seconds. Django renews that clock by saving the
session; saving it on every request (SESSION_SAVE_EVERY_REQUEST) costs every page a transaction with
an UPDATE of the session row. Here the session is saved only when its stored expiry is more than
SESSION_RENEWAL_SECONDS older than a save would make it, so the clock moves at most once per
interval and an idle session ends between AGE - interval and AGE seconds after its last request.

Deactivation. Django already refuses an inactive user on their next request, but their session rows
(and the signed-in state in any other tool reading them) would live on until they expire.
Deactivating someone who left the newsroom should end their access at once and leave nothing behind."""
import datetime
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .backends import converted

User = get_user_model()


class SessionStore(db.SessionStore):
    """Django's database sessions (SESSION_ENGINE = "claims.sessions"), remembering the expiry the
    row had when it was read, so the middleware below can tell whether the idle clock needs moving."""

    stored_expiry = None

    def _get_session_from_db(self):
        """Django's read, the live row for this key (or None, and the key forgotten), as SQL written
        once: every signed-in request makes it, and building it through the ORM (a QuerySet, its
        filter, the compiler) cost more CPU than PostgreSQL spends running it (issue #17)."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        with connection.cursor() as cursor:
            cursor.execute(_live_session_sql(model), [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            self.stored_expiry = None
            return None
        data, expire_date = row[0], converted(row[1], model._meta.get_field("expire_date"), connection)
        self.stored_expiry = expire_date
        return model(session_key=self.session_key, session_data=data, expire_date=expire_date)

    async def _aget_session_from_db(self):
        stored = await super()._aget_session_from_db()
        self.stored_expiry = stored.expire_date if stored else None
        return stored

    def renewal_due(self):
        """Whether the stored expiry is more than SESSION_RENEWAL_SECONDS short of the one a save
        would write now. Reads the session (once per request) if nothing has yet: any request that
        carries a live session counts as activity."""
        if self.session_key is None:
            return False
        self._get_session()
        if self.stored_expiry is None:  # no such live session: nothing to renew
            return False
        interval = datetime.timedelta(seconds=settings.SESSION_RENEWAL_SECONDS)
        return self.get_expiry_date() - self.stored_expiry >= interval


class RenewingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, saving an unchanged session only when its renewal is due. Log-in,
    log-out and every other change save as before (they mark the session modified themselves)."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore) and not session.modified and session.renewal_due():
            session.modified = True
        return super().process_response(request, response)


@cache
def _live_session_sql(model):
    """What Django's `model.objects.get(session_key=key, expire_date__gt=now)` sends, columns named
    from the model."""
    meta = model._meta

    def column(name):
        return meta.get_field(name).column

    return (f"SELECT {column('session_data')}, {column('expire_date')} FROM {meta.db_table}"
            f" WHERE {column('session_key')} = %s AND {column('expire_date')} > %s")


def end_sessions_of(user):
    """Delete every unexpired session that belongs to `user`. Sessions store the user id inside
    their encoded data, so each live session is decoded; deactivations are rare and a newsroom has
    at most a few thousand live sessions."""
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


@receiver(pre_save, sender=User, dispatch_uid="claims.sessions.remember_was_active")
def remember_was_active(sender, instance, raw=False, update_fields=None, **kwargs):
    # Saves that cannot touch is_active (such as the last_login update at every log-in) skip the query.
    if raw or instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        instance._was_active = None
        return
    instance._was_active = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User, dispatch_uid="claims.sessions.end_sessions_on_deactivation")
def end_sessions_on_deactivation(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if not instance.is_active and getattr(instance, "_was_active", None):
        end_sessions_of(instance)
