"""The weekly theme-mentor track: missions, articles and the reading list, quizzes, the question
board. Everything hangs off a curriculum Week; the week's mentors author it."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from curriculum.models import Lecture, Week

BODY_MAX = 20_000


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


DIFFICULTY_ORDER = Case(
    When(difficulty=Difficulty.EASY, then=Value(1)),
    When(difficulty=Difficulty.MEDIUM, then=Value(2)),
    When(difficulty=Difficulty.HARD, then=Value(3)),
    output_field=IntegerField(),
)


class Authored(models.Model):
    """Who wrote a piece of content and who changed it last, and when (shown in the admin)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


# --- Missions ------------------------------------------------------------------------------------


class MissionQuerySet(models.QuerySet):
    def by_tier(self):
        return self.annotate(tier_order=DIFFICULTY_ORDER).order_by("tier_order", "order", "pk")

    def with_progress_of(self, user):
        """Annotate the user's own status and link (`my_status`, `my_link`; None if not
        started): one query, where a prefetch would take two."""
        mine = MissionProgress.objects.filter(mission=OuterRef("pk"), student=user)
        return self.annotate(
            my_status=Subquery(mine.values("status")[:1]),
            my_link=Subquery(mine.values("link")[:1]),
        )

    def unfinished_by(self, user):
        finished = MissionProgress.objects.filter(
            mission=OuterRef("pk"),
            student=user,
            status__in=[MissionStatus.DONE, MissionStatus.SKIPPED],
        )
        return self.exclude(Exists(finished))


class Mission(Authored):
    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="missions", verbose_name=_("week")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("description"), max_length=BODY_MAX, blank=True, help_text=_("Markdown.")
    )
    difficulty = models.CharField(_("difficulty"), max_length=8, choices=Difficulty.choices)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(80)],
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    expects_link = models.BooleanField(
        _("submission link expected"),
        default=False,
        help_text=_("Students attach a link to their work (GitHub, a notebook) when done."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["week", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_hours__gte=0.5, estimated_hours__lte=80),
                name="mission_hours_sensible",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def status_of_viewer(self):
        """The status from `with_progress_of()`: "todo" when the student has not started."""
        return getattr(self, "my_status", None) or MissionStatus.TODO

    @property
    def link_of_viewer(self):
        return getattr(self, "my_link", None) or ""


class MissionStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Doing")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class MissionProgress(models.Model):
    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="progress", verbose_name=_("mission")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mission_progress",
        verbose_name=_("student"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=MissionStatus.choices, default=MissionStatus.TODO
    )
    link = models.URLField(_("link to the work"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("mission progress")
        verbose_name_plural = _("mission progress")
        constraints = [
            models.UniqueConstraint(fields=["mission", "student"], name="progress_unique"),
            models.CheckConstraint(
                condition=Q(status__in=MissionStatus.values), name="progress_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=MissionStatus.DONE) | Q(link=""),
                name="progress_link_only_when_done",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.mission} · {self.get_status_display()}"


# --- Articles and the reading list ---------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    def with_save_of(self, user):
        """Annotate whether the user saved it and has read it (`my_saved`, `my_read`)."""
        mine = SavedArticle.objects.filter(article=OuterRef("pk"), user=user)
        return self.annotate(
            my_saved=Exists(mine), my_read=Exists(mine.filter(read_at__isnull=False))
        )


class Article(Authored):
    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="articles", verbose_name=_("week")
    )
    day = models.DateField(_("day"), help_text=_("The day this article is for."))
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=1000)
    source = models.CharField(_("source"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reading_minutes__gte=1, reading_minutes__lte=600),
                name="article_minutes_sensible",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def saved_by_viewer(self):
        return bool(getattr(self, "my_saved", False))

    @property
    def read_by_viewer(self):
        return bool(getattr(self, "my_read", False))


class SavedArticleQuerySet(models.QuerySet):
    def unread_first(self):
        return self.order_by(models.F("read_at").asc(nulls_first=True), "-article__day", "-pk")


class SavedArticle(models.Model):
    """An article on a student's reading list ("read later"), read or not."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="saves", verbose_name=_("article")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_articles",
        verbose_name=_("user"),
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = SavedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved article")
        verbose_name_plural = _("saved articles")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="savedarticle_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.article}"


# --- Quizzes -------------------------------------------------------------------------------------


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class QuizQuerySet(models.QuerySet):
    def with_first_attempt_figures(self):
        """`first_attempt_mean`: the mean score in percent over first attempts, or None; and
        `first_attempt_count`: how many first attempts it comes from, or None."""
        first_attempts = (
            QuizAttempt.objects.filter(quiz=OuterRef("pk"), number=1).order_by().values("quiz")
        )
        mean = first_attempts.annotate(mean=Avg(F("score") * 100.0 / F("total"))).values("mean")
        count = first_attempts.annotate(count=Count("pk")).values("count")
        return self.annotate(
            first_attempt_mean=Subquery(mean, output_field=FloatField()),
            first_attempt_count=Subquery(count, output_field=IntegerField()),
        )

    def with_attempt_of(self, user):
        attempts = QuizAttempt.objects.filter(quiz=OuterRef("pk"), student=user)
        return self.annotate(
            my_attempts=Count("attempts", filter=Q(attempts__student=user)),
            attempted=Exists(attempts),
        )


class Quiz(Authored):
    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("week")
    )
    lecture = models.ForeignKey(
        Lecture,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("lecture"),
        help_text=_("Leave empty for a quiz on the whole week."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    intended_difficulty = models.CharField(
        _("intended difficulty"), max_length=8, choices=Difficulty.choices
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="quizzes", verbose_name=_("tags"))
    is_pre_lecture = models.BooleanField(
        _("pre-lecture"),
        default=True,
        help_text=_("Taken before the lecture, so students know what to listen for."),
    )
    is_open = models.BooleanField(
        _("open for answers"), default=True, help_text=_("Closed quizzes take no more attempts.")
    )

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["week", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mentoring:quiz", kwargs={"pk": self.pk})


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("question"), max_length=4000)
    kind = models.CharField(
        _("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    explanation = models.TextField(_("explanation"), max_length=4000, blank=True)
    difficulty = models.CharField(
        _("intended difficulty"), max_length=8, choices=Difficulty.choices, blank=True
    )

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["quiz", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class QuizChoice(models.Model):
    question = models.ForeignKey(
        QuizQuestion, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.text


class QuizAttempt(models.Model):
    """One submitted attempt. The first (number 1) is the one that counts for statistics."""

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("student"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    # The form carries a token made when it was shown: the same form posted twice is one attempt.
    token = models.UUIDField(default=uuid.uuid4, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    score = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("questions"))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["quiz", "student", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "student", "number"], name="attempt_unique_number"
            ),
            models.UniqueConstraint(fields=["student", "token"], name="attempt_unique_token"),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(
                condition=Q(score__lte=models.F("total")), name="attempt_score_le_total"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.quiz} #{self.number}"

    def get_absolute_url(self):
        return reverse("mentoring:quiz_result", kwargs={"pk": self.quiz_id, "number": self.number})

    @property
    def percent(self):
        return round(100 * self.score / self.total) if self.total else 0


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        QuizQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    selected = models.ManyToManyField(QuizChoice, related_name="+", verbose_name=_("selected"))
    is_correct = models.BooleanField(_("correct"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_unique"),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question_id}"


# --- The question board --------------------------------------------------------------------------


class BoardQuestion(models.Model):
    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="board_questions", verbose_name=_("week")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_questions",
        verbose_name=_("author"),
    )
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details"), max_length=BODY_MAX, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous to other students"),
        default=False,
        help_text=_("Mentors and staff always see who asked."),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("board question")
        verbose_name_plural = _("board questions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class BoardUpvote(models.Model):
    question = models.ForeignKey(
        BoardQuestion, on_delete=models.CASCADE, related_name="upvotes", verbose_name=_("question")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("upvote")
        verbose_name_plural = _("upvotes")
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="upvote_unique"),
        ]

    def __str__(self):
        return f"{self.user} ↑ {self.question_id}"


class BoardAnswer(models.Model):
    question = models.ForeignKey(
        BoardQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_answers",
        verbose_name=_("author"),
    )
    body = models.TextField(_("answer"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author} → {self.question_id}"


# --- Continuity: handoff notes, the lead instructor's notes and sessions -------------------------

from .continuity_models import (  # noqa: E402, F401 - registered with this app
    CohortNote,
    HandoffNote,
    LeadSession,
    SessionKind,
    StudentNote,
    StudentNoteTopic,
)
