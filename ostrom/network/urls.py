from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/join/", views.join, name="join"),
    path("organisations/approvals/", views.approvals, name="approvals"),
    path("organisations/import/", views.import_organisations, name="import"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:organisation_id>/decide/", views.decide, name="decide"),
    path("people/", views.people, name="people"),
    path("subgroups/", views.subgroup_list, name="subgroup-list"),
    path("subgroups/<slug:slug>/", views.subgroup_detail, name="subgroup-detail"),
    path("subgroups/<slug:slug>/join/", views.join_subgroup, name="subgroup-join"),
    path("subgroups/<slug:slug>/leave/", views.leave_subgroup, name="subgroup-leave"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.schedule_meeting, name="meeting-create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/record/", views.record_meeting, name="meeting-record"),
    path("meetings/<int:meeting_id>/attend/", views.attend_meeting, name="meeting-attend"),
    path("meetings/<int:meeting_id>/cancel/", views.cancel_attendance, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/calendar.ics", views.meeting_calendar, name="meeting-calendar"),
]
