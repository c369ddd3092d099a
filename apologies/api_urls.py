from django.urls import path

from . import api, commitment_api, flow_api

CASE = "cases/<str:reference>/"

urlpatterns = [
    path("lint/", api.LintView.as_view(), name="lint"),
    path(f"{CASE}apology/", flow_api.ApologyView.as_view(), name="case-apology"),
    path(f"{CASE}apology/steps/<str:key>/", flow_api.StepView.as_view(), name="case-step"),
    path(f"{CASE}apology/approval/", flow_api.ApprovalView.as_view(), name="case-approval"),
    path(f"{CASE}apology/send/", flow_api.SendView.as_view(), name="case-send"),
    path(f"{CASE}commitments/", flow_api.CommitmentsView.as_view(), name="case-commitments"),
    path(f"{CASE}commitments/<int:pk>/kept/", commitment_api.CommitmentKeptView.as_view(),
         name="case-commitment-kept"),
    path(f"{CASE}commitments/<int:pk>/release/",
         commitment_api.CommitmentReleaseView.as_view(), name="case-commitment-release"),
    path(f"{CASE}resolve/", flow_api.ResolveView.as_view(), name="case-resolve"),
    path(f"{CASE}close/", flow_api.CloseView.as_view(), name="case-close"),
    path(f"{CASE}reopen/", flow_api.ReopenView.as_view(), name="case-reopen"),
]
