from django.urls import path

from . import views

app_name = "panels"
urlpatterns = [
    path("panels/", views.assembly_list, name="assembly-list"),
    path("panels/new/", views.assembly_create, name="assembly-create"),
    path("panels/<slug:slug>/", views.assembly_detail, name="assembly-detail"),
    path("panels/<slug:slug>/register/", views.register, name="register"),
    path("panels/<slug:slug>/quotas/", views.quotas, name="quotas"),
    path("panels/<slug:slug>/quotas/check/", views.feasibility_fragment, name="feasibility"),
    path("panels/<slug:slug>/quotas/check/<int:progress_id>/", views.quota_check, name="quota-check"),
    path("panels/<slug:slug>/import/", views.import_pool, name="import"),
    path("panels/<slug:slug>/letters/", views.letters, name="letters"),
    path("panels/<slug:slug>/letters.<str:file_format>", views.letters_download, name="letters-download"),
    path("panels/<slug:slug>/lottery/", views.start_lottery, name="start-lottery"),
    path("panels/<slug:slug>/lotteries/<int:lottery_id>/", views.lottery, name="lottery"),
    path("panels/<slug:slug>/lotteries/<int:lottery_id>/check/", views.lottery_check, name="lottery-check"),
    path("panels/<slug:slug>/lotteries/<int:lottery_id>/replace/", views.replace_dropouts, name="replace"),
    path("panels/<slug:slug>/sessions/", views.sessions, name="sessions"),
    path("panels/<slug:slug>/recommendations/", views.recommendations, name="recommendations"),
    path("panel-sessions/<int:session_id>/record/", views.record_session, name="session-record"),
    path("recommendations/<int:recommendation_id>/respond/", views.respond, name="respond"),
]
