from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("conversations/", views.conversation_list, name="conversation-list"),
    path("conversations/new/", views.conversation_create, name="conversation-create"),
    path("conversations/<slug:slug>/", views.conversation_detail, name="conversation-detail"),
    path("conversations/<slug:slug>/vote/", views.vote, name="vote"),
    path("conversations/<slug:slug>/statements/", views.add_statement, name="add-statement"),
    path("conversations/<slug:slug>/results/", views.results, name="results"),
    path("conversations/<slug:slug>/answers/", views.my_answers, name="my-answers"),
    path("conversations/<slug:slug>/reach/", views.reach, name="reach"),
    path("conversations/<slug:slug>/moderation/", views.moderation, name="moderation"),
    path("conversations/<slug:slug>/import/", views.polis_import, name="polis-import"),
    path("conversations/<slug:slug>/export/<str:part>.csv", views.polis_export, name="polis-export"),
    path(
        "conversations/<slug:slug>/export/full/<str:part>.csv",
        views.polis_full_export,
        name="polis-full-export",
    ),
    path("statements/<int:statement_id>/moderate/", views.moderate, name="moderate"),
]
