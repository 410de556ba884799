"""The mentoring sections of the week page (registered with curriculum.extensions)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.template.loader import render_to_string

from curriculum.models import Role
from curriculum.permissions import roles_in

from .forms import BoardAnswerForm, BoardQuestionForm
from .models import Article, BoardAnswer, BoardQuestion, BoardUpvote, Mission, Quiz
from .permissions import can_answer_questions, can_see_statistics, is_lead_or_staff


def board_questions(queryset, user):
    upvoted = BoardUpvote.objects.filter(question=OuterRef("pk"), user=user)
    return (
        queryset.select_related("author", "week__phase", "week__cohort")
        .annotate(
            upvote_count=Count("upvotes", distinct=True),
            answer_count=Count("answers", distinct=True),
            upvoted_by_viewer=Exists(upvoted),
        )
        .prefetch_related(
            Prefetch("answers", queryset=BoardAnswer.objects.select_related("author"))
        )
        .order_by("-upvote_count", "-created_at")
    )


def week_panel(request, week, context):
    user = request.user
    roles = roles_in(user, week.cohort_id)
    is_student = Role.STUDENT in roles
    answers_questions = can_answer_questions(user, week, roles)
    earlier_unanswered = []
    if answers_questions:
        earlier_unanswered = list(
            board_questions(
                BoardQuestion.objects.filter(
                    week__cohort_id=week.cohort_id, week__number__lt=week.number
                ).filter(~Q(pk__in=BoardAnswer.objects.values("question_id"))),
                user,
            )[:20]
        )
    holds_week = user in week.mentors.all()  # prefetched by the week page: no query
    panel = {
        "week": week,
        "week_is_now": week.is_current(),
        "holds_week": holds_week,
        "reads_brief": holds_week or is_lead_or_staff(user, roles),
        "is_student": is_student,
        "sees_authors": not is_student or bool(roles - {Role.STUDENT}),
        "answers_questions": answers_questions,
        "can_see_statistics": can_see_statistics(user, roles),
        "missions": list(Mission.objects.filter(week=week).by_tier().with_progress_of(user)),
        "articles": list(
            Article.objects.filter(week=week).with_save_of(user).order_by("day", "pk")
        ),
        "quizzes": list(
            Quiz.objects.filter(week=week).with_attempt_of(user).select_related("lecture")
        ),
        "questions": list(board_questions(BoardQuestion.objects.filter(week=week), user)),
        "earlier_unanswered": earlier_unanswered,
        "question_form": BoardQuestionForm(),
        "answer_form": BoardAnswerForm(),
        "next": context.get("next") or request.get_full_path(),
    }
    return render_to_string("mentoring/week_panel.html", panel, request=request)
