from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render

from ..models import Claim


@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request, pk):
    claim = get_object_or_404(Claim.objects.with_related(), pk=pk)
    return render(request, "claims/detail.html", {"claim": claim})
