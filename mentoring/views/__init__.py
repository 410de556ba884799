from .articles import article_action, reading_list
from .board import question_answer, question_ask, question_upvote
from .brief import brief, brief_by_number, handoff_note
from .dashboard import dashboard
from .lead import (
    cohort_note,
    lead_session_detail,
    lead_sessions,
    radar,
    student_timeline,
)
from .missions import mission_status
from .quizzes import quiz_result, quiz_statistics, quiz_take

__all__ = [
    "article_action",
    "brief",
    "brief_by_number",
    "cohort_note",
    "dashboard",
    "handoff_note",
    "lead_session_detail",
    "lead_sessions",
    "mission_status",
    "question_answer",
    "question_ask",
    "question_upvote",
    "quiz_result",
    "quiz_statistics",
    "quiz_take",
    "radar",
    "reading_list",
    "student_timeline",
]
