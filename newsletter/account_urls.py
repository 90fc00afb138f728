from django.urls import path

from newsletter import account_views as views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/link/", views.request_link, name="request-link"),
    path("login/link-sent/", views.link_sent, name="link-sent"),
    # One-time links (newsletter/links.py): the token moves to the session at the first request.
    path("sign-in/", views.sign_in, name="sign-in-link"),
    path("sign-in/<str:token>/", views.sign_in, name="sign-in"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/set/", views.set_password, name="set-password-link"),
    path("password/set/<str:token>/", views.set_password, name="set-password"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("data/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
]
