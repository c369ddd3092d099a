from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from apologies import survey_views
from cases import category_views, customer_edit_views, customer_page, notification_views
from conversation import attachment_views, complaint_views, status_views

from . import errors_views, health

api_v1 = ([path("", include(f"{app}.api_urls"))
           for app in ("cases", "apologies", "conversation", "webhooks", "archive", "incidents",
                       "privacy")],
          "api")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:queue", permanent=False)),
    path("accounts/", include("accounts.urls")),
    path("people/", include("accounts.people_urls")),
    path("cases/", include("cases.urls")),
    path("", include("apologies.urls")),
    path("", include("conversation.urls")),
    path("", include("archive.urls")),
    path("incidents/", include("incidents.urls")),
    path("insights/", include("insights.urls")),
    path("", include("privacy.urls")),
    path("survey/<str:token>/", survey_views.survey, name="survey"),
    path("status/<str:token>/", status_views.status, name="status"),
    path("complain/", complaint_views.complain, name="complain"),
    path("complain/thanks/", complaint_views.thanks, name="complain-thanks"),
    path("status/<str:token>/attachments/<int:pk>/", attachment_views.customer_download,
         name="status-attachment"),
    path("customers/<int:pk>/", customer_page.customer, name="customer"),
    path("customers/<int:pk>/edit/", customer_edit_views.edit_customer, name="customer-edit"),
    path("categories/", category_views.category_list, name="categories"),
    path("categories/new/", category_views.add_category, name="category-new"),
    path("categories/<int:pk>/", category_views.edit_category, name="category-edit"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/read/", notification_views.mark_all_read, name="notifications-read"),
    path("notifications/settings/", notification_views.email_choices,
         name="notification-settings"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/",
         errors_views.signed_in(SpectacularSwaggerSplitView.as_view(url_name="schema")),
         name="api-docs"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("anymail/", include("conversation.anymail_urls")),
    path("admin/login/", account_views.admin_sign_in),  # the desk's sign-in, code and all
    path("admin/", admin.site.urls),
]

handler400 = errors_views.bad_request
handler403 = errors_views.permission_denied
handler404 = errors_views.page_not_found
handler500 = errors_views.server_error
