"""The workbench's views, one module per area: a newcomer finds `claims/views/board.py` for the board,
`claims/views/exports.py` for downloads, and so on. claims/urls.py names them all."""
from django.shortcuts import get_object_or_404


def get_claim_for_user(request, pk, queryset=None):
    """The claim `pk`, if this user may see it (404 otherwise, so ids cannot be probed): the one
    permission-scoped lookup every view uses, as healthchecks' _get_check_for_user."""
    from ..models import Claim

    return get_object_or_404((Claim.objects if queryset is None else queryset).visible_to(request.user), pk=pk)
