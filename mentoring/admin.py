"""Mentors author their weeks here. A theme mentor sees, opens, changes and creates content only
in the weeks assigned to them: the lists are filtered, the week choice lists only their weeks,
and a forged POST naming another week fails the form's validation. Staff see their cohorts."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_base import AdminInputMixin, StackedInline, TabularInline
from core.markdown import render_markdown
from curriculum.admin_scope import PhaseNameFilter
from curriculum.models import Lecture

from .admin_forms import CHOICE_SLOTS, QuestionWithChoicesForm
from .models import (
    Article,
    BoardAnswer,
    BoardQuestion,
    Mission,
    MissionProgress,
    Quiz,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    Tag,
)
from .permissions import weeks_authored_by
from .services import board_answer
from .stats import QuizSummary, comparable_quizzes, quiz_summaries


class WeekScopedAdmin(AdminInputMixin, admin.ModelAdmin):
    """Limits every list, form and object to the weeks the user may author."""

    week_path = "week"
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]

    def allowed_weeks(self, request):
        if not hasattr(request, "_baton_weeks"):
            request._baton_weeks = weeks_authored_by(request.user)
        return request._baton_weeks

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.week_path}__in": self.allowed_weeks(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "week":
            kwargs["queryset"] = (
                self.allowed_weeks(request).select_related("cohort", "phase").order_by("-starts_on")
            )
        if db_field.name == "lecture":
            kwargs["queryset"] = Lecture.objects.filter(
                week__in=self.allowed_weeks(request)
            ).select_related("week__phase")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by_id"):
            obj.created_by = request.user
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        text = getattr(obj, self.preview_field, "") if obj else ""
        if not text:
            return "—"
        return format_html('<div class="markdown-preview">{}</div>', render_markdown(text))


@admin.register(Mission)
class MissionAdmin(WeekScopedAdmin):
    list_display = [
        "title",
        "week",
        "difficulty",
        "estimated_hours",
        "due_at",
        "updated_by",
        "updated_at",
    ]
    list_filter = [
        "difficulty",
        ("week__cohort", admin.RelatedOnlyFieldListFilter),
        ("week__phase__name", PhaseNameFilter),
    ]
    list_select_related = ["week__cohort", "week__phase", "updated_by"]
    search_fields = ["title", "body", "week__theme"]
    preview_field = "body"
    readonly_fields = [*WeekScopedAdmin.readonly_fields, "preview"]
    fields = [
        "week",
        "title",
        "difficulty",
        "estimated_hours",
        "due_at",
        "expects_link",
        "order",
        "body",
        "preview",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]


@admin.register(Article)
class ArticleAdmin(WeekScopedAdmin):
    list_display = ["title", "week", "day", "source", "reading_minutes", "updated_by", "updated_at"]
    list_filter = [
        ("week__cohort", admin.RelatedOnlyFieldListFilter),
        ("week__phase__name", PhaseNameFilter),
        "source",
    ]
    list_select_related = ["week__cohort", "week__phase", "updated_by"]
    search_fields = ["title", "summary", "source", "url"]
    date_hierarchy = "day"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    preview_field = "summary"
    readonly_fields = [*WeekScopedAdmin.readonly_fields]


class QuizChoiceInline(TabularInline):
    model = QuizChoice
    extra = 4
    fields = ["order", "text", "is_correct"]


@admin.register(QuizQuestion)
class QuizQuestionAdmin(WeekScopedAdmin):
    """Questions with their choices inline; also reachable from each quiz."""

    week_path = "quiz__week"
    list_display = ["__str__", "quiz", "kind", "difficulty", "order"]
    list_select_related = ["quiz__week__phase"]
    search_fields = ["text", "quiz__title"]
    inlines = [QuizChoiceInline]
    readonly_fields = []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = Quiz.objects.filter(week__in=self.allowed_weeks(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuizQuestionInline(StackedInline):
    model = QuizQuestion
    form = QuestionWithChoicesForm
    extra = 1
    fieldsets = [
        (None, {"fields": ["order", "text", "kind", "difficulty"]}),
        (
            _("Choices"),
            {"fields": [f"choice_{n}" for n in range(1, CHOICE_SLOTS + 1)] + ["correct"]},
        ),
        (None, {"fields": ["explanation"]}),
    ]


@admin.register(Quiz)
class QuizAdmin(WeekScopedAdmin):
    list_display = [
        "title",
        "week",
        "intended_difficulty",
        "is_pre_lecture",
        "is_open",
        "calibration",
        "updated_at",
    ]
    list_filter = [
        "intended_difficulty",
        "is_pre_lecture",
        "is_open",
        ("week__cohort", admin.RelatedOnlyFieldListFilter),
        "tags",
    ]
    list_select_related = ["week__cohort", "week__phase"]
    search_fields = ["title", "description", "tags__name"]
    filter_horizontal = ["tags"]
    inlines = [QuizQuestionInline]
    fields = [
        "week",
        "lecture",
        "title",
        "description",
        "intended_difficulty",
        "tags",
        "is_pre_lecture",
        "is_open",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    change_form_template = "admin/mentoring/quiz/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_first_attempt_figures()

    @admin.display(description=_("calibration"), ordering="first_attempt_mean")
    def calibration(self, quiz):
        if quiz.first_attempt_mean is None:
            return _("No attempts yet")
        mean = quiz.first_attempt_mean
        summary = QuizSummary(quiz.pk, quiz.first_attempt_count, round(mean, 1), [], mean)
        return f"{summary.mean_percent}% ({summary.attempts_label}) · {summary.flag_label}"

    def save_formset(self, request, form, formset, change):
        # A question added without an order goes after the ones above it on the page.
        for index, question_form in enumerate(formset.forms, start=1):
            instance = getattr(question_form, "instance", None)
            if isinstance(instance, QuizQuestion) and not instance.order:
                instance.order = index
        super().save_formset(request, form, formset, change)
        deleted = set(getattr(formset, "deleted_forms", []))
        for question_form in formset.forms:
            if not isinstance(question_form, QuestionWithChoicesForm) or question_form in deleted:
                continue
            if question_form.instance.pk and question_form.has_changed():
                question_form.save_choices()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.calibration_context(request, object_id)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def calibration_context(self, request, object_id):
        """Earlier quizzes of the cohort, so the mentor pitches the new one at its level: those
        sharing a tag or the intended difficulty when editing; all of them when adding."""
        quiz = self.get_object(request, object_id) if object_id else None
        if quiz is not None:
            week, tags, difficulty = (
                quiz.week,
                [t.pk for t in quiz.tags.all()],
                quiz.intended_difficulty,
            )
        else:
            week = self.allowed_weeks(request).order_by("-starts_on").first()
            tags, difficulty = [], ""
        if week is None:
            return {}
        earlier = comparable_quizzes(
            week=week,
            tag_ids=tags,
            difficulty=difficulty,
            exclude_quiz_id=quiz.pk if quiz else None,
            everything=quiz is None,
        )
        summaries = quiz_summaries([other.pk for other in earlier])
        return {
            "calibration_week": week,
            "earlier": [(other, summaries.get(other.pk)) for other in earlier],
            "own_summary": quiz_summaries([quiz.pk]).get(quiz.pk) if quiz else None,
            "min_attempts": settings.QUIZ_CALIBRATION_MIN_ATTEMPTS,
        }


@admin.register(BoardQuestion)
class BoardQuestionAdmin(WeekScopedAdmin):
    list_display = ["title", "week", "author", "is_anonymous", "created_at", "answered"]
    list_filter = [("week__cohort", admin.RelatedOnlyFieldListFilter), "is_anonymous"]
    list_select_related = ["week__cohort", "week__phase", "author"]
    search_fields = ["title", "body", "author__email", "author__name"]
    readonly_fields = ["week", "author", "title", "body", "is_anonymous", "created_at"]
    fields = readonly_fields
    inlines = []

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_total=Count("answers"))

    def get_inlines(self, request, obj):
        return [BoardAnswerInline]

    def save_formset(self, request, form, formset, change):
        # Through the service, as on the week page; the admin's history reads new_objects.
        formset.new_objects = [
            board_answer(question=form.instance, author=request.user, body=answer.body)
            for answer in formset.save(commit=False)
        ]
        formset.changed_objects, formset.deleted_objects = [], []

    def has_add_permission(self, request):
        return False  # students ask on the week page

    @admin.display(description=_("answered"), boolean=True, ordering="answer_total")
    def answered(self, question):
        return question.answer_total > 0


class BoardAnswerInline(StackedInline):
    model = BoardAnswer
    extra = 1
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # an answer, once posted, stays as it was


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(WeekScopedAdmin):
    week_path = "quiz__week"
    list_display = ["quiz", "student", "number", "score", "total", "submitted_at"]
    list_filter = [("quiz__week__cohort", admin.RelatedOnlyFieldListFilter), "number"]
    list_select_related = ["quiz", "student"]
    search_fields = ["quiz__title", "student__email", "student__name"]
    readonly_fields = ["quiz", "student", "number", "score", "total", "submitted_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MissionProgress)
class MissionProgressAdmin(WeekScopedAdmin):
    week_path = "mission__week"
    list_display = ["mission", "student", "status", "link", "updated_at"]
    list_filter = ["status", ("mission__week__cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["mission", "student"]
    search_fields = ["mission__title", "student__email", "student__name"]
    readonly_fields = ["mission", "student", "status", "link", "updated_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from . import continuity_admin  # noqa: E402, F401 - registers the continuity models
