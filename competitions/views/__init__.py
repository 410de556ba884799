from .board import availability_add, board, suggest
from .calendar import calendar_feed, calendar_page, calendar_revoke, session_ics
from .pages import competition_list, score_add, tips
from .sessions import session_cancel, session_detail, session_note_add, session_reschedule

__all__ = [
    "availability_add",
    "board",
    "calendar_feed",
    "calendar_page",
    "calendar_revoke",
    "competition_list",
    "score_add",
    "session_cancel",
    "session_detail",
    "session_ics",
    "session_note_add",
    "session_reschedule",
    "suggest",
    "tips",
]
