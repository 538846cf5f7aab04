from django.urls import path

from . import accountability, views

app_name = "decisions"
urlpatterns = [
    path("you-said-we-did/", views.you_said_we_did, name="you-said-we-did"),
    path("you-said-we-did/feed/", accountability.YouSaidWeDidFeed(), name="feed"),
    path("you-said-we-did/places/<slug:code>/", views.you_said_we_did_in_place, name="you-said-we-did-place"),
    path("you-said-we-did/bodies/<slug:slug>/", views.you_said_we_did_by_body, name="you-said-we-did-body"),
    path("you-said-we-did/<slug:slug>/", views.entry, name="entry"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/record/", views.record_decision, name="record-decision"),
    path("decisions/dashboard/", views.dashboard, name="dashboard"),
    path("decisions/reach/", views.reach_over_time, name="reach"),
    path("decisions/<slug:slug>/", views.decision_detail, name="decision-detail"),
    path("decisions/<slug:slug>/change/", views.change_decision, name="change-decision"),
    path("decisions/<slug:slug>/reach/", views.decision_reach, name="decision-reach"),
    path("decisions/<slug:slug>/status/", views.move_decision, name="move-decision"),
    path("decisions/<slug:slug>/publish/", views.publish_decision, name="publish-decision"),
    path("decisions/<slug:slug>/input/", views.link_input, name="link-input"),
    path("decisions/<slug:slug>/input/<int:link_id>/", views.change_input, name="change-input"),
    path("decisions/<slug:slug>/assurance/", views.assurance, name="assurance"),
    path("decisions/<slug:slug>/assurance/review/", views.review_assurance, name="review-assurance"),
    path("decisions/<slug:slug>/commitments/add/", views.add_commitment, name="add-commitment"),
    path(
        "decisions/<slug:slug>/commitments/<int:commitment_id>/update/",
        views.update_commitment,
        name="update-commitment",
    ),
    path("decisions/<slug:slug>/documents/add/", views.add_document, name="add-document"),
    path("decisions/<slug:slug>/documents/<int:document_id>/", views.document, name="document"),
]
