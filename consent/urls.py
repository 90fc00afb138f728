from django.urls import path

from consent import views

app_name = "consent"

urlpatterns = [
    path("settings/", views.ConsentSettingsView.as_view(), name="settings"),
    path("consent/", views.consent_save, name="save"),
]
