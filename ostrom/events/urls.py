from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/sign-up/", views.sign_up, name="sign-up"),
    path("events/<slug:slug>/check-in/<str:token>/", views.check_in, name="check-in"),
    path("events/<slug:slug>/run/", views.run, name="run"),
    path("events/<slug:slug>/check-in-qr.svg", views.check_in_qr, name="check-in-qr"),
    path("events/<slug:slug>/check-in-link/", views.renew_check_in_link, name="renew-check-in-link"),
    path("events/<slug:slug>/people/<int:participant_id>/tick-in/", views.tick_in, name="tick-in"),
    path("events/<slug:slug>/walk-ins/", views.walk_in, name="walk-in"),
    path("events/<slug:slug>/topics/new/", views.propose_topic, name="propose-topic"),
    path("events/<slug:slug>/wall/", views.wall, name="wall"),
    path("events/<slug:slug>/wall/place/", views.place_topic, name="place-topic"),
    path("events/<slug:slug>/wall/projector/", views.projector, name="projector"),
    path("events/<slug:slug>/sessions/<int:topic_id>/", views.session, name="session"),
    path("events/<slug:slug>/sessions/<int:topic_id>/going/", views.going, name="going"),
    path("events/<slug:slug>/sessions/<int:topic_id>/highlights/", views.add_highlight, name="add-highlight"),
    path("events/<slug:slug>/sessions/<int:topic_id>/actions/", views.add_action, name="add-action"),
    path("events/<slug:slug>/closing-circle/", views.closing_circle, name="closing-circle"),
    path("events/<slug:slug>/report/", views.report, name="report"),
    path("events/<slug:slug>/report.pdf", views.report_pdf, name="report-pdf"),
    path("events/<slug:slug>/report/publish/", views.publish_report, name="publish-report"),
    path("events/<slug:slug>/actions/<int:action_id>/", views.action_detail, name="action"),
    path("events/<slug:slug>/actions/<int:action_id>/updates/", views.update_action, name="update-action"),
]
