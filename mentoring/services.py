"""Writes of the weekly mentoring track. Views and the admin call these; nothing else writes."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import (
    Article,
    BoardAnswer,
    BoardQuestion,
    BoardUpvote,
    Mission,
    MissionProgress,
    MissionStatus,
    QuestionKind,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    SavedArticle,
)

LINK_VALIDATOR = URLValidator(schemes=["http", "https"])


# --- Missions ------------------------------------------------------------------------------------


def mission_set_status(
    *, mission: Mission, student: User, status: str, link: str = ""
) -> MissionProgress:
    if status not in MissionStatus.values:
        raise ValidationError(_("That is not a mission status."), code="status")
    link = (link or "").strip()
    if status != MissionStatus.DONE:
        link = ""
    elif link:
        if len(link) > 500:
            raise ValidationError(_("The link is too long (500 characters at most)."), code="link")
        LINK_VALIDATOR(link)
    progress, _created = MissionProgress.objects.update_or_create(
        mission=mission, student=student, defaults={"status": status, "link": link}
    )
    return progress


# --- Articles and the reading list ---------------------------------------------------------------


def article_save(*, article: Article, user: User) -> SavedArticle:
    saved, _created = SavedArticle.objects.get_or_create(article=article, user=user)
    return saved


def article_unsave(*, article: Article, user: User) -> None:
    SavedArticle.objects.filter(article=article, user=user).delete()


def article_mark_read(*, article: Article, user: User, read: bool = True) -> SavedArticle:
    """Marking read also saves it: the reading list is where a student finds what they read."""
    saved = article_save(article=article, user=user)
    read_at = timezone.now() if read else None
    if (saved.read_at is None) != (read_at is None):
        saved.read_at = read_at
        saved.save(update_fields=["read_at"])
    return saved


# --- Quizzes -------------------------------------------------------------------------------------


class QuizSubmissionError(ValidationError):
    pass


def _check_answers(quiz: Quiz, answers: dict[int, set[int]]):
    """Every question answered, with choices of that question only, one for single choice."""
    questions = list(quiz.questions.prefetch_related("choices"))
    if not questions:
        raise QuizSubmissionError(_("This quiz has no questions yet."))
    unknown = set(answers) - {question.pk for question in questions}
    if unknown:
        raise QuizSubmissionError(_("The answers do not match this quiz. Reload the page."))
    graded = []
    for question in questions:
        chosen = answers.get(question.pk) or set()
        if not chosen:
            raise QuizSubmissionError(
                _("Answer every question (question %(number)s is empty).")
                % {"number": question.order}
            )
        choices = {choice.pk: choice for choice in question.choices.all()}
        if not chosen <= set(choices):
            raise QuizSubmissionError(_("The answers do not match this quiz. Reload the page."))
        if question.kind == QuestionKind.SINGLE and len(chosen) != 1:
            raise QuizSubmissionError(
                _("Question %(number)s takes one answer.") % {"number": question.order}
            )
        correct = {pk for pk, choice in choices.items() if choice.is_correct}
        graded.append((question, chosen, chosen == correct))
    return graded


def quiz_submit(
    *, quiz: Quiz, student: User, token: uuid.UUID, answers: dict[int, set[int]]
) -> tuple[QuizAttempt, bool]:
    """Store one attempt. The same form (token) posted again returns the stored attempt and
    `False`; a closed quiz or a tampered answer raises QuizSubmissionError and stores nothing."""
    existing = QuizAttempt.objects.filter(student=student, token=token).first()
    if existing is not None:
        if existing.quiz_id != quiz.pk:
            raise QuizSubmissionError(_("The answers do not match this quiz. Reload the page."))
        return existing, False
    if not quiz.is_open:
        raise QuizSubmissionError(_("This quiz is closed and takes no more answers."))
    graded = _check_answers(quiz, answers)
    try:
        return _store_attempt(quiz, student, token, graded), True
    except IntegrityError:
        # A concurrent post of the same form won the race: that attempt is the one.
        existing = QuizAttempt.objects.filter(student=student, token=token).first()
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _store_attempt(quiz, student, token, graded):
    # Lock the student's row: with no attempt yet there is no attempt row to lock, and two
    # concurrent first attempts would both take number 1.
    User.objects.select_for_update().filter(pk=student.pk).exists()
    last = QuizAttempt.objects.filter(quiz=quiz, student=student).aggregate(last=Max("number"))[
        "last"
    ]
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        student=student,
        number=(last or 0) + 1,
        token=token,
        score=sum(1 for _q, _c, correct in graded if correct),
        total=len(graded),
    )
    stored = QuizAnswer.objects.bulk_create(
        QuizAnswer(attempt=attempt, question=question, is_correct=correct)
        for question, _chosen, correct in graded
    )
    through = QuizAnswer.selected.through
    through.objects.bulk_create(
        through(quizanswer_id=answer.pk, quizchoice_id=choice_id)
        for answer, (_question, chosen, _correct) in zip(stored, graded, strict=True)
        for choice_id in chosen
    )
    return attempt


# --- The question board --------------------------------------------------------------------------


def board_question_ask(
    *, week, author: User, title: str, body: str = "", is_anonymous: bool = False
) -> BoardQuestion:
    question = BoardQuestion(
        week=week, author=author, title=title, body=body, is_anonymous=is_anonymous
    )
    question.full_clean()
    question.save()
    return question


def board_upvote_toggle(*, question: BoardQuestion, user: User) -> bool:
    """Upvote, or take the upvote back; returns whether the user now upvotes it."""
    deleted, _rows = BoardUpvote.objects.filter(question=question, user=user).delete()
    if deleted:
        return False
    BoardUpvote.objects.get_or_create(question=question, user=user)
    return True


def board_answer(*, question: BoardQuestion, author: User, body: str) -> BoardAnswer:
    answer = BoardAnswer(question=question, author=author, body=body)
    answer.full_clean()
    answer.save()
    return answer
