from .articles import article_action, reading_list
from .board import question_answer, question_ask, question_upvote
from .dashboard import dashboard
from .missions import mission_status
from .quizzes import quiz_result, quiz_statistics, quiz_take

__all__ = [
    "article_action",
    "dashboard",
    "mission_status",
    "question_answer",
    "question_ask",
    "question_upvote",
    "quiz_result",
    "quiz_statistics",
    "quiz_take",
    "reading_list",
]
