"""Money: where health and care budgets go, how much moves to community-led prevention, and how money
devolved to a community anchor flows on to community groups."""

from django.urls import path

from . import views

app_name = "money"
urlpatterns = [
    path("money/", views.index, name="index"),
    path("money/bodies/<slug:slug>/", views.body_budget, name="body-budget"),
    path("money/bodies/<slug:slug>/lines/new/", views.add_budget_line, name="add-budget-line"),
    path(
        "money/bodies/<slug:slug>/lines/<int:line_id>/remove/",
        views.remove_budget_line,
        name="remove-budget-line",
    ),
    path("money/bodies/<slug:slug>/lines/import/", views.import_budget_lines, name="import-budget-lines"),
    path("money/bodies/<slug:slug>/commitment/", views.set_commitment, name="set-commitment"),
    path("money/devolved/new/", views.devolve, name="devolve"),
    path("money/devolved/<int:budget_id>/", views.devolved_detail, name="devolved-detail"),
    path("money/devolved/<int:budget_id>/rounds/new/", views.allocate, name="allocate"),
    path("money/devolved/<int:budget_id>/agreements/new/", views.agree, name="agree"),
    path("money/agreements/<int:agreement_id>/", views.agreement_detail, name="agreement-detail"),
    path("money/agreements/<int:agreement_id>/payments/new/", views.record_payment, name="record-payment"),
    path("money/programmes/<slug:slug>/cost-benefit/", views.cost_benefit, name="cost-benefit"),
    path(
        "money/programmes/<slug:slug>/cost-benefit/edit/", views.edit_cost_benefit, name="edit-cost-benefit"
    ),
]
