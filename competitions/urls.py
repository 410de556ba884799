from django.urls import path

from . import views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("tips/", views.tips, name="tips"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board/availability/", views.availability_add, name="availability_add"),
    path("<int:pk>/board/suggest/", views.suggest, name="suggest"),
    path("teams/<int:pk>/scores/", views.score_add, name="score_add"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/reschedule/", views.session_reschedule, name="session_reschedule"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/notes/", views.session_note_add, name="session_note_add"),
    path("sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
]
