from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.SignupView.as_view(), name="signup"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.CheckInboxView.as_view(), name="check-inbox"),
    # One-time links: the address with the token (from the email) hands it to the session and
    # redirects to the one without (newsletter/links.py).
    path("confirm/", views.confirm, name="confirm-link"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("welcome/", views.welcome, name="welcome"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe-link"),
    path("unsubscribe/<str:token>/", csrf_exempt(views.unsubscribe), name="unsubscribe"),
    path(
        "feedback/<slug:provider>/<slug:kind>/",
        views.feedback_webhook,
        name="feedback",
    ),
]
