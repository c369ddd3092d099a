from django.urls import path

from . import approval_views, root_cause_views, step_views, tier_limit_views, views

app_name = "apologies"

urlpatterns = [
    path("lexicon/", views.lexicon_page, name="lexicon"),
    path("lexicon/new/", views.edit_phrase, name="phrase-new"),
    path("lexicon/<int:pk>/", views.edit_phrase, name="phrase-edit"),
    path("apologies/template/", views.edit_template, name="template"),
    path("people/approval-limits/", tier_limit_views.tier_limits_page, name="tier-limits"),
    path("root-causes/", root_cause_views.root_cause_list, name="root-causes"),
    path("root-causes/<int:pk>/", root_cause_views.edit_root_cause, name="root-cause-edit"),
    path("approvals/", approval_views.approvals, name="approvals"),
    path("approvals/<int:pk>/<str:decision>/", approval_views.decide, name="decide"),
    path("cases/<str:reference>/steps/<str:key>/", step_views.step, name="step"),
    path("cases/<str:reference>/steps/<str:key>/check/", step_views.check, name="step-check"),
    path("cases/<str:reference>/remedy/summary/", step_views.remedy_summary,
         name="remedy-summary"),
    path("cases/<str:reference>/apology/preview/", step_views.preview, name="preview"),
    path("cases/<str:reference>/apology/preview.html", step_views.preview_html,
         name="preview-html"),
    path("cases/<str:reference>/apology/send/", step_views.send, name="send"),
    path("cases/<str:reference>/resolve/", step_views.resolve, name="resolve"),
    path("cases/<str:reference>/close/", step_views.close, name="close"),
    path("cases/<str:reference>/reopen/", step_views.reopen, name="reopen"),
]
