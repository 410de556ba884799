from django.urls import path

from . import views

app_name = "curriculum"

urlpatterns = [
    path("curriculum/", views.timeline, name="home"),
    path("curriculum/<slug:cohort_slug>/", views.timeline, name="timeline"),
    path("curriculum/<slug:cohort_slug>/weeks/<int:number>/", views.week_detail, name="week"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
