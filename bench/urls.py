"""The project's URLs plus the baseline, which exists only while the benchmark runs."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench-baseline"),
    path("", include("bootcamp.urls")),
]
