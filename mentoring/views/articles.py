from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from curriculum.permissions import cohorts_for_user, get_cohort_for_user

from ..forms import ReadingListFilterForm
from ..models import Article, SavedArticle
from ..permissions import require_member
from ..services import article_mark_read, article_save, article_unsave
from .missions import back_to

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


@login_required
@require_GET
def reading_list(request):
    """Saved articles, unread first; every article of past weeks stays reachable ("all")."""
    cohort = _reading_cohort(request)
    if cohort is None:
        return render(request, "curriculum/no_cohort.html")
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
    context = {
        "cohort": cohort,
        "form": form,
        "page": page,
        "showing_all": filters.get("show") == "all",
        "query": _query_without_page(request),
    }
    return render(request, "mentoring/reading_list.html", context)


def _reading_cohort(request):
    slug = request.GET.get("cohort")
    if slug:
        return get_cohort_for_user(request.user, slug)
    return cohorts_for_user(request.user).home_first(timezone.localdate()).first()


def _unread_first(articles, user):
    read = SavedArticle.objects.filter(article=OuterRef("pk"), user=user, read_at__isnull=False)
    return articles.annotate(is_read=Exists(read)).order_by("is_read", "-day", "-pk").distinct()


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
