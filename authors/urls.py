from django.urls import path

from authors import views

app_name = "authors"

# A byline's page, /authors/<slug>/, is ``articles:byline`` (articles/urls.py): it lists the
# byline's articles, and this app never imports the articles app.
urlpatterns = [
    path("", views.AuthorListView.as_view(), name="list"),
]
