"""Pages to manage API tokens (each user their own) and webhook endpoints (editors), with the log
of deliveries and replay. Plain forms that post and redirect (they work without JavaScript)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import webhooks
from .models import ApiToken, Event, WebhookDelivery, WebhookEndpoint
from .schemas import no_control_characters


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=gettext_lazy("Name"),
                           help_text=gettext_lazy("What will use it, such as “CMS production”."))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        try:
            return no_control_characters(name)
        except ValueError:
            raise forms.ValidationError(_("The name must not contain control characters.")) from None


@permission_required("claims.view_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The user's own tokens. A new token's secret is shown once, on the answer to the form."""
    form = TokenForm(request.POST or None)
    new_secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, new_secret = ApiToken.issue(request.user, form.cleaned_data["name"])
            form = TokenForm()
        else:
            status = 400
    return render(request, "api/tokens.html", {
        "nav": "api", "form": form, "new_secret": new_secret,
        "tokens": ApiToken.objects.filter(user=request.user),
    }, status=status)


@permission_required("claims.view_claim", raise_exception=True)
@require_POST
def revoke_token(request, pk):
    # Only the user's own tokens can be found: anyone else's id is a 404.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api_pages:tokens")


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple,
                                       label=gettext_lazy("Events"),
                                       error_messages={"required": gettext_lazy("Choose at least one event.")})

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhooks.check_url(url)
        except webhooks.UnsafeDestination as exc:
            raise forms.ValidationError(str(exc)) from None
        return url


def _require_editor(request):
    if not request.user.has_perm("claims.act_as_editor"):
        raise PermissionDenied(_("Only editors manage webhooks."))


@permission_required("claims.view_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def webhooks_page(request):
    _require_editor(request)
    form = EndpointForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            endpoint = form.save(commit=False)
            endpoint.created_by = request.user
            endpoint.save()
            messages.success(request, _("The endpoint is registered. Its signing secret is on its page."))
            return redirect("api_pages:webhook", endpoint.pk)
    return render(request, "api/webhooks.html", {
        "nav": "webhooks", "form": form, "endpoints": WebhookEndpoint.objects.all(),
    }, status=400 if form.is_bound else 200)


@permission_required("claims.view_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def webhook_detail(request, pk):
    """One endpoint: its secret, its delivery log; POST action=deactivate|activate|delete."""
    _require_editor(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            endpoint.delete()
            messages.success(request, _("The endpoint %(url)s is deleted.") % {"url": endpoint.url})
            return redirect("api_pages:webhooks")
        if action in ("activate", "deactivate"):
            endpoint.is_active = action == "activate"
            endpoint.save(update_fields=["is_active"])
            messages.success(request, _("The endpoint is active.") if endpoint.is_active
                             else _("The endpoint is paused: no events are sent."))
            return redirect("api_pages:webhook", endpoint.pk)
        error, status = _("Choose pause, resume or delete."), 400
    else:
        error, status = None, 200
    page = Paginator(endpoint.deliveries.all(), 50).get_page(request.GET.get("page"))
    return render(request, "api/webhook.html", {"nav": "webhooks", "endpoint": endpoint, "page": page, "error": error},
                  status=status)


@permission_required("claims.view_claim", raise_exception=True)
@require_POST
def replay_delivery(request, pk, delivery_pk):
    _require_editor(request)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_pk, endpoint_id=pk)
    webhooks.replay(delivery)
    messages.success(request, _("Message %(id)s is queued to be sent again.") % {"id": delivery.message_id})
    return redirect("api_pages:webhook", pk)
