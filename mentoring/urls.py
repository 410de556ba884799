from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("missions/<int:pk>/status/", views.mission_status, name="mission_status"),
    path("articles/<int:pk>/reading-list/", views.article_action, name="article_action"),
    path("reading-list/", views.reading_list, name="reading_list"),
    path("quizzes/<int:pk>/", views.quiz_take, name="quiz"),
    path("quizzes/<int:pk>/attempts/<int:number>/", views.quiz_result, name="quiz_result"),
    path("quizzes/<int:pk>/statistics/", views.quiz_statistics, name="quiz_statistics"),
    path("weeks/<int:week_pk>/questions/", views.question_ask, name="question_ask"),
    path("questions/<int:pk>/upvote/", views.question_upvote, name="question_upvote"),
    path("questions/<int:pk>/answers/", views.question_answer, name="question_answer"),
    path("weeks/<int:week_pk>/brief/", views.brief, name="brief"),
    path(
        "cohorts/<slug:slug>/weeks/<int:number>/brief/",
        views.brief_by_number,
        name="brief_by_number",
    ),
    path("weeks/<int:week_pk>/handoff-note/", views.handoff_note, name="handoff_note"),
    path("cohorts/<slug:slug>/radar/", views.radar, name="radar"),
    path("cohorts/<slug:slug>/lead-notes/", views.cohort_note, name="cohort_note"),
    path(
        "cohorts/<slug:slug>/students/<int:student_pk>/",
        views.student_timeline,
        name="student_timeline",
    ),
    path("cohorts/<slug:slug>/lead-sessions/", views.lead_sessions, name="lead_sessions"),
    path(
        "cohorts/<slug:slug>/lead-sessions/<int:pk>/",
        views.lead_session_detail,
        name="lead_session",
    ),
]
