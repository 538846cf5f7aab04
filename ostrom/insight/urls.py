from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("insight/", views.insight_list, name="insight-list"),
    path("insight/new/", views.record_insight, name="insight-create"),
    path("insight/<int:insight_id>/", views.insight_detail, name="insight-detail"),
    path("insight/<int:insight_id>/edit/", views.edit_insight, name="insight-edit"),
    path("insight/<int:insight_id>/withdraw/", views.withdraw_consent, name="insight-withdraw"),
    path("insight/<int:insight_id>/erase/", views.erase_insight, name="insight-erase"),
    path("insight/cases/new/", views.record_case, name="case-create"),
    path("insight/<int:insight_id>/case/edit/", views.edit_case, name="case-edit"),
    path("insight/<int:insight_id>/paper/", views.case_paper, name="case-paper"),
    path("insight/<int:insight_id>/paper.pdf", views.case_paper_pdf, name="case-paper-pdf"),
    path("insight/export.csv", views.export_insight, name="insight-export"),
    path("insight/import/", views.import_insight, name="import"),
    path("insight/import/template.csv", views.import_template, name="import-template"),
    path("insight/bring-in/", views.bring_in, name="bring-in"),
]
