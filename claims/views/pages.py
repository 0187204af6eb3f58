from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render

from ..models import Article


@permission_required("claims.view_claim", raise_exception=True)
def home(request):
    articles = Article.objects.with_claim_counts()
    return render(request, "claims/home.html", {"articles": articles})


@permission_required("claims.view_article", raise_exception=True)
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    claims = article.claims.with_related()
    return render(request, "claims/article.html", {"article": article, "claims": claims})

