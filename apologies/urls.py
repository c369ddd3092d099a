from django.urls import path

from . import views

app_name = "apologies"

urlpatterns = [
    path("lexicon/", views.lexicon_page, name="lexicon"),
    path("lexicon/new/", views.edit_phrase, name="phrase-new"),
    path("lexicon/<int:pk>/", views.edit_phrase, name="phrase-edit"),
]
