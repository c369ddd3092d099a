"""Signing in and out, resetting a password, and the Security page (all under /accounts/)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import people_views, security_views, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.sign_in_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_reset/", views.ResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    # an invitation's set-password link (accounts.invitations), public like the sign-in
    path("welcome/<uidb64>/<token>/", people_views.welcome, name="welcome"),
    path("security/", security_views.security, name="security"),
    path("security/two-factor/", security_views.set_up, name="two-factor-setup"),
    path("security/two-factor/off/", security_views.turn_off, name="two-factor-off"),
    path("security/recovery-codes/", security_views.recovery_codes, name="recovery-codes"),
    path("security/sign-out-everywhere/", security_views.sign_out_everywhere,
         name="sign-out-everywhere"),
]
