from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.navigation import back_to
from curriculum.caching import cached_body
from curriculum.extensions import COHORT, USER
from curriculum.permissions import cohorts_with_roles, viewer_cohort

from ..forms import ReadingListFilterForm
from ..models import Article, SavedArticle
from ..permissions import require_member
from ..services import article_mark_read, article_save, article_unsave

ACTIONS = {
    "save": (
        lambda article, user: article_save(article=article, user=user),
        gettext_lazy("Saved to your reading list."),
    ),
    "unsave": (
        lambda article, user: article_unsave(article=article, user=user),
        gettext_lazy("Removed from your reading list."),
    ),
    "read": (
        lambda article, user: article_mark_read(article=article, user=user),
        gettext_lazy("Marked as read."),
    ),
    "unread": (
        lambda article, user: article_mark_read(article=article, user=user, read=False),
        gettext_lazy("Marked as unread."),
    ),
}
PAGE_SIZE = 30


@login_required
@require_POST
def article_action(request, pk):
    article = get_object_or_404(Article.objects.select_related("week"), pk=pk)
    require_member(request.user, article.week.cohort_id)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponseBadRequest(_("Unknown action."))
    do, message = action
    do(article, request.user)
    if request.htmx:
        article = (
            Article.objects.with_save_of(request.user).select_related("week__phase").get(pk=pk)
        )
        context = {
            "article": article,
            "next": back_to(request, "/reading-list/"),
            "show_week": request.POST.get("show_week") == "1",
        }
        return render(request, "mentoring/article_item.html", context)
    messages.success(request, str(message))
    return redirect(back_to(request, "/reading-list/"))


READING_LIST_CACHE_SECONDS = 300  # what no fingerprint covers: a renamed phase or week label
FILTERS = ("cohort", "show", "phase", "week", "state", "page")


@login_required
@require_GET
def reading_list(request):
    """Saved articles, unread first; every article of past weeks stays reachable ("all").
    Cached per viewer and filter until an article or the viewer's list changes."""
    cohorts = cohorts_with_roles(request.user, timezone.localdate())
    if not cohorts and not request.GET.get("cohort"):
        return render(request, "curriculum/no_cohort.html")
    cohort = viewer_cohort(request.user, cohorts, request.GET.get("cohort"))
    shown = [(name, request.GET.get(name, "")[:60]) for name in FILTERS if name in request.GET]
    here = reverse("mentoring:reading_list") + (f"?{urlencode(shown)}" if shown else "")

    def build():
        context = {**reading_list_context(request, cohort), "next": here}
        return render_to_string("mentoring/reading_list_body.html", context, request=request)

    body = cached_body(
        request,
        name="reading-list",
        cohorts=[cohort],
        render=build,
        seconds=READING_LIST_CACHE_SECONDS,
        scopes=(COHORT, USER),
        parts=shown,
    )
    return render(request, "mentoring/reading_list.html", {"cohort": cohort, "body": body})


def reading_list_context(request, cohort):
    form = ReadingListFilterForm(request.GET or None, cohort=cohort)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = (
        Article.objects.filter(week__cohort=cohort)
        .select_related("week__phase")
        .with_save_of(request.user)
    )
    if filters.get("show") == "all":
        # Every article whose day has come; one saved ahead of its day is on the saved list.
        articles = articles.filter(day__lte=timezone.localdate())
    else:
        articles = articles.filter(saves__user=request.user)
    if filters.get("phase"):
        articles = articles.filter(week__phase=filters["phase"])
    if filters.get("week"):
        articles = articles.filter(week=filters["week"])
    if filters.get("state") == "read":
        articles = articles.filter(saves__user=request.user, saves__read_at__isnull=False)
    elif filters.get("state") == "unread":
        read = SavedArticle.objects.filter(
            article=OuterRef("pk"), user=request.user, read_at__isnull=False
        )
        articles = articles.exclude(Exists(read))
    articles = _unread_first(articles, request.user)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "cohort": cohort,
        "form": form,
        "page": page,
        "showing_all": filters.get("show") == "all",
        "query": _query_without_page(request),
    }


def _unread_first(articles, user):
    read = SavedArticle.objects.filter(article=OuterRef("pk"), user=user, read_at__isnull=False)
    return articles.annotate(is_read=Exists(read)).order_by("is_read", "-day", "-pk").distinct()


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
