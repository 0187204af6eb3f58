from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import Article


@require_safe
@permission_required("claims.view_claim", raise_exception=True)
def home(request):
    articles = Article.objects.with_claim_counts()
    return render(request, "claims/home.html", {"articles": articles})


@require_safe
@permission_required("claims.view_article", raise_exception=True)
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    claims = article.claims.with_related()
    return render(request, "claims/article.html", {"article": article, "claims": claims})
