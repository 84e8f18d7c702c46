from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.accounts import views as account_views
from core.api.auth import TokenLogoutView, TokenObtainView

api_patterns = [
    path("", include("stations.api.urls")),
    path("", include("registry.api.urls")),
    path("", include("offenders.api.urls")),
    path("", include("verification.api.urls")),
    path("", include("complaints.api.urls")),
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="api-logout"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", account_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", account_views.otp_setup, name="otp-setup"),
    path("account/two-factor/verify/", account_views.otp_verify, name="otp-verify"),
    path("account/confirm/", account_views.reauth, name="reauth"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("stations/", include("stations.urls")),
    path("registry/", include("registry.urls")),
    path("offenders/", include("offenders.urls", namespace="offenders")),
    path("verification/", include("verification.urls")),
    path("complaints/", include("complaints.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("jobs/", include("core.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The "split" view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Call-centre registry"
admin.site.site_title = "Call-centre registry"

handler500 = "core.errors.server_error"
