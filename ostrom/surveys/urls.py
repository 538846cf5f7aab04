from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.survey_list, name="survey-list"),
    path("surveys/panel/", views.panel, name="panel"),
    path("surveys/new/", views.survey_create, name="survey-create"),
    path("surveys/sections/<int:section_id>/", views.section_edit, name="section-edit"),
    path("surveys/sections/<int:section_id>/questions/new/", views.question_add, name="question-add"),
    path("surveys/questions/<int:question_id>/", views.question_edit, name="question-edit"),
    path("surveys/<slug:slug>/", views.survey_detail, name="survey-detail"),
    path("surveys/<slug:slug>/details/", views.survey_edit, name="survey-edit"),
    path("surveys/<slug:slug>/build/", views.manage, name="manage"),
    path("surveys/<slug:slug>/arrange/", views.arrange, name="arrange"),
    path("surveys/<slug:slug>/sections/new/", views.section_add, name="section-add"),
    path("surveys/<slug:slug>/preview/", views.preview, name="preview"),
    path("surveys/<slug:slug>/send/", views.send, name="send"),
    path("surveys/<slug:slug>/remind/", views.remind, name="remind"),
    path("surveys/<slug:slug>/close/", views.close, name="close"),
    path("surveys/<slug:slug>/answer/", views.resume, name="resume"),
    path("surveys/<slug:slug>/answer/<int:section_id>/", views.answer_section, name="answer-section"),
    path("surveys/<slug:slug>/check/", views.check_answers, name="check-answers"),
    path("surveys/<slug:slug>/results/", views.survey_results, name="results"),
    path(
        "surveys/<slug:slug>/results/<int:question_id>/by/<str:dimension>/",
        views.results_by_group,
        name="results-by-group",
    ),
    path("surveys/<slug:slug>/export/<str:filename>", views.export, name="export"),
]
