from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User

from . import registry, services
from .forms import PreferencesForm
from .permissions import get_delivery_for_user
from .selectors import categories_for, notifications_of, unread_count

PAGE_SIZE = 20


@login_required
@require_GET
def notification_list(request):
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_GET
def notification_open(request, pk):
    """Opening a notification reads it, then shows it with the link to its page."""
    delivery = get_delivery_for_user(request.user, pk)
    if delivery.read_at is None:
        services.delivery_mark_read(user=request.user, delivery_id=delivery.pk)
        delivery.refresh_from_db(fields=["read_at"])
    return render(request, "notifications/detail.html", {"delivery": delivery})


@login_required
@require_POST
def notification_read(request, pk):
    delivery = get_delivery_for_user(request.user, pk)
    services.delivery_mark_read(user=request.user, delivery_id=delivery.pk)
    if request.htmx:
        delivery.refresh_from_db(fields=["read_at"])
        context = {"delivery": delivery, "unread": unread_count(request.user), "oob": True}
        return render(request, "notifications/item.html", context)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.delivery_mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(
        request.POST or None,
        categories=categories_for(request.user),
        preferences=services.preferences_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        for category, (email, frequency) in form.choices().items():
            services.preference_set(
                user=request.user, category=category, email=email, frequency=frequency
            )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the authorization; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe from an email, logged in or not. GET asks, POST does it."""
    try:
        user_id, category_key = services.read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    category = registry.get_category(category_key)
    label = category.label if category else category_key
    done = False
    if request.method == "POST":
        services.preference_set(user=user, category=category_key, email=False)
        done = True
    context = {"category": label, "email": user.email, "done": done}
    return render(request, "notifications/unsubscribe.html", context)
