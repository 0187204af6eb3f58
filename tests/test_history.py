"""The history, notes and corrections are append-only: nothing in the app edits or deletes them."""
import pytest
from django.db import DatabaseError, connection, transaction

from claims.models import Correction, HistoryEntry, Note

from .conftest import PASSWORD


def test_history_entry_cannot_be_changed(claim):
    entry = claim.history.get()
    entry.comment = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert claim.history.get().comment == ""


def test_history_cannot_be_bulk_updated_or_deleted(claim):
    with pytest.raises(PermissionError):
        HistoryEntry.objects.filter(claim=claim).update(comment="x")
    with pytest.raises(PermissionError):
        HistoryEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        Note.objects.all().delete()
    with pytest.raises(PermissionError):
        Correction.objects.all().update(public_note="x")
    assert HistoryEntry.objects.count() == 1


def test_notes_cannot_be_edited(claim, checker):
    note = claim.add_note(checker, "First finding")
    note.body = "Different finding"
    with pytest.raises(PermissionError):
        note.save()


def test_postgres_trigger_refuses_raw_update_and_delete(claim, on_postgres):
    for sql in ("UPDATE claims_historyentry SET comment = 'x'", "DELETE FROM claims_historyentry"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert HistoryEntry.objects.get().comment == ""


def test_admin_offers_no_way_to_change_history(client, superuser, claim):
    client.login(username="root", password=PASSWORD)
    entry = claim.history.get()
    assert client.get("/admin/claims/historyentry/").status_code == 200
    assert client.get("/admin/claims/historyentry/add/").status_code == 403
    delete = client.post(f"/admin/claims/historyentry/{entry.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    change = client.post(f"/admin/claims/historyentry/{entry.pk}/change/", {"comment": "rewritten"})
    assert change.status_code == 403
    assert HistoryEntry.objects.get().comment == ""
