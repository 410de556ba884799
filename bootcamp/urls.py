from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from core.views import healthz
from mentoring.views import dashboard

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Baton"
admin.site.site_title = "Baton"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("", include("mentoring.urls")),
    path("", include("curriculum.urls")),
    path("competitions/", include("competitions.urls")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
