from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.SignupView.as_view(), name="signup"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.CheckInboxView.as_view(), name="check-inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("welcome/", views.welcome, name="welcome"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
