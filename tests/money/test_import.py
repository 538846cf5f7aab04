"""Importing a body's budget lines from CSV or Excel: row by row, all or nothing, each problem named by
its row."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ostrom.core import audit
from ostrom.core.models import Progress, Upload
from ostrom.core.tables import ImportRejected
from ostrom.money import importing
from ostrom.money.models import BudgetLine

GOOD = (
    "year,category,prevention_kind,amount,source\n"
    '2024,acute,,"2,400,000,000",Accounts\n'
    "2024,Community-led prevention,social_prescribing,£30000000,Accounts\n"
    "2024,other,,1500000000,Accounts\n"
)


@pytest.mark.django_db
def test_a_good_file_imports_every_line_each_in_the_audit_log(coordinator, icb):
    count = importing.import_budget_lines(
        actor=coordinator, body=icb, content=GOOD.encode(), filename="budget.csv"
    )

    lines = BudgetLine.objects.all()
    assert count == 3

    assert sorted(BudgetLine.objects.values_list("category", "prevention_kind", "amount")) == [
        ("acute", "", Decimal("2400000000")),
        ("other", "", Decimal("1500000000")),
        ("prevention", "social_prescribing", Decimal("30000000")),
    ]
    assert all(audit.entries_for(line).count() == 1 for line in lines)


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_names_the_row(coordinator, icb):
    bad = GOOD + "2024,prevention,,100,Accounts\n1999,acute,,-5,\n"

    with pytest.raises(ImportRejected) as rejected:
        importing.import_budget_lines(
            actor=coordinator, body=icb, content=bad.encode(), filename="budget.csv"
        )

    problems = [(problem.row, problem.problem) for problem in rejected.value.problems]
    assert (5, "Choose the kind of community-led prevention") in problems
    assert {row for row, _ in problems} == {5, 6}
    assert len([row for row, _ in problems if row == 6]) == 3  # the year, the amount and the source
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_an_excel_file_imports_in_the_background_from_the_page(client, coordinator, icb, run_tasks):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Year", "Category", "Prevention_kind", "Amount", "Source"])
    sheet.append([2025, "prevention", "vcse_grants", 1250000, "Grants register"])
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(coordinator)

    response = client.post(
        reverse("money:import-budget-lines", args=[icb.slug]),
        {"file": SimpleUploadedFile("budget.xlsx", content.getvalue())},
    )
    progress = Progress.objects.get()
    assert response.url == progress.get_absolute_url()
    run_tasks()

    progress.refresh_from_db()
    assert progress.message == "1 budget line was imported"
    assert progress.result_url == reverse("money:body-budget", args=[icb.slug])
    assert BudgetLine.objects.get().amount == Decimal("1250000")
    assert not Upload.objects.exists()


@pytest.mark.django_db
def test_the_progress_page_lists_each_problem_by_row(client, coordinator, icb, run_tasks):
    client.force_login(coordinator)
    client.post(
        reverse("money:import-budget-lines", args=[icb.slug]),
        {
            "file": SimpleUploadedFile(
                "budget.csv", b"year,category,amount,source\n2024,acute,lots,Accounts\n"
            )
        },
    )
    run_tasks()

    page = client.get(Progress.objects.get().get_absolute_url()).content.decode()
    assert "Nothing was imported: 1 row had a problem" in page
    assert "Amount must be a number of pounds, like 2500" in page
    assert not BudgetLine.objects.exists()
