"""A task worker killed (kill -9) in the middle of real work: nothing half done is kept, the person sees that
the work stopped and where to start it again, and starting it again gives what an uninterrupted run gives."""

import time

from ostrom.core.models import Progress

from .conftest import STOPPED_AFTER_SECONDS


def wait_until_stopped_work_shows() -> None:
    """The worker is gone, so nothing touches its progress record: wait out the lease the tests set."""
    time.sleep(STOPPED_AFTER_SECONDS + 0.5)


def assert_shows_stopped(seen: dict, *, retry_path: str) -> None:
    assert seen["status"] == "running"  # no worker has recorded it yet: the page works it out
    page = seen["page"]
    assert "Stopped" in page
    assert Progress.WORK_STOPPED in page
    assert f'href="{retry_path}">Try again</a>' in page
    assert "hx-trigger" not in page, "the page must stop polling work that will never finish"
    assert "% done" not in page


def test_a_lottery_killed_mid_draw_keeps_no_panel_and_draws_the_same_panel_when_started_again(deployment):
    started = deployment.scenario("start_lottery")
    worker = deployment.start_worker()
    # Killed while the engine looks for the fairest lottery (30%), before anything is written.
    status, percent, _ = deployment.kill_when(
        worker, started["progress_id"], lambda status, percent, message: percent >= 30
    )
    assert (status, percent) == ("running", 30)

    wait_until_stopped_work_shows()
    after = deployment.scenario("after_killed_lottery", **started)
    assert after["left"] == {
        "assembly_status": "recruiting",
        "lotteries": [{"selected": [], "is_current": False, "drawn": False}],
    }
    assert_shows_stopped(after["seen"], retry_path="/panels/waiting-lists/quotas/")
    assert after["seen"]["task"] == "RUNNING"  # as django-tasks-db leaves it

    deployment.run_worker_until_idle("--max-tasks=1")  # the draw; its check is not needed here
    # The worker that took the new draw first recorded the stopped one as failed, in its task row too.
    assert deployment.progress(started["progress_id"]) == ("failed", 30, Progress.WORK_STOPPED)
    assert deployment.progress(after["progress_id"])[0] == "finished"

    retried = deployment.scenario(
        "retried_lottery", progress_id=started["progress_id"], assembly_id=started["assembly_id"]
    )
    assert retried["interrupted_task"] == "FAILED"
    assert retried["state"]["assembly_status"] == "selecting"
    interrupted, again = retried["state"]["lotteries"]
    assert (interrupted["selected"], interrupted["is_current"]) == ([], False)
    assert again["is_current"] and len(again["selected"]) == 40
    assert again["selected"] == retried["uninterrupted"]


def test_a_count_killed_mid_count_stores_no_result_and_counts_the_same_when_started_again(deployment):
    started = deployment.scenario("start_count")
    worker = deployment.start_worker()
    # Killed while the rule runs over the ballots (40%): the result is stored only at the end.
    status, percent, _ = deployment.kill_when(
        worker, started["progress_id"], lambda status, percent, message: percent >= 40
    )
    assert (status, percent) == ("running", 40)

    wait_until_stopped_work_shows()
    after = deployment.scenario("after_killed_count", **started)
    slug = after["left"]["slug"]
    assert after["left"] == {"selected": None, "statuses": ["shortlisted"], "slug": slug}
    assert_shows_stopped(after["seen"], retry_path=f"/rounds/{slug}/result/")

    deployment.run_worker_until_idle()
    assert deployment.progress(started["progress_id"]) == ("failed", 40, Progress.WORK_STOPPED)
    assert deployment.progress(after["progress_id"])[0] == "finished"
    retried = deployment.scenario(
        "retried_count", progress_id=started["progress_id"], round_id=started["round_id"]
    )
    assert retried["interrupted_task"] == "FAILED"
    assert retried["state"]["selected"] == retried["uninterrupted"]
    assert retried["state"]["statuses"] == ["funded", "not_funded"]


def test_a_theming_run_killed_mid_run_keeps_no_themes_and_finds_the_same_themes_when_started_again(
    deployment,
):
    """The embeddings engine stores each batch of 256 comments' meanings as it goes (a cache a later run
    reuses) and the themes only at the end: killed after the first batch, nothing of the run's result is
    kept, and the run started again finds exactly what an uninterrupted run over the same comments finds."""
    started = deployment.scenario("start_theming")
    worker = deployment.start_worker()
    # Killed while the meaning of the comments is worked out (5% to 60%), after at least one batch.
    status, percent, message = deployment.kill_when(
        worker, started["progress_id"], lambda status, percent, message: 5 < percent < 60
    )
    assert status == "running" and message.startswith("Worked out the meaning of"), message

    wait_until_stopped_work_shows()
    after = deployment.scenario("after_killed_theming", **started)
    left = after["left"]
    assert left["themes"] == [] and set(left["theme_of_comment"]) == {None}
    assert left["runs"] == [["running", 0, 0]]  # no worker has recorded it yet
    # Only whole batches were stored, each in its own transaction.
    assert 0 < left["embedded"] < 512 and left["embedded"] % 256 == 0
    # The progress page, and the run's own page, where starting a run leads.
    assert_shows_stopped(after["seen"], retry_path=after["retry_path"])
    assert_shows_stopped({**after["seen"], "page": after["seen"]["run_page"]}, retry_path=after["retry_path"])

    deployment.run_worker_until_idle()
    # Starting it again recorded the stopped run as failed, its progress and its task.
    assert deployment.progress(started["progress_id"]) == ("failed", percent, Progress.WORK_STOPPED)
    assert deployment.progress(after["progress_id"])[0] == "finished"
    assert deployment.progress(after["uninterrupted_progress_id"])[0] == "finished"
    retried = deployment.scenario(
        "retried_theming",
        progress_id=started["progress_id"],
        place_id=started["place_id"],
        twin_id=started["twin_id"],
    )
    assert retried["interrupted_task"] == "FAILED"
    again, uninterrupted = retried["retried"], retried["uninterrupted"]
    assert again["runs"][0] == ["failed", 0, 0]
    assert again["runs"][1][:2] == ["finished", len(again["themes"])]
    assert again["runs"][1][2] == 512 - left["embedded"]  # the stored batches were reused
    assert len(uninterrupted["themes"]) >= 2
    assert again["themes"] == uninterrupted["themes"]
    assert again["theme_of_comment"] == uninterrupted["theme_of_comment"]


def test_an_import_killed_mid_write_keeps_nothing_and_imports_each_service_once_when_started_again(
    deployment, second_deployment
):
    """The Open Referral UK import (the largest: a dozen tables) checks every entry, then writes them all in
    one transaction. Killed inside that transaction, no table holds a row it did not hold before; the same
    file uploaded again imports each service once, as an import that was never interrupted does."""
    started = deployment.scenario("start_import")
    worker = deployment.start_worker()
    # Killed once every entry is checked and saving has begun (60%), while the worker is writing the services.
    status, percent, message = deployment.kill_when(
        worker,
        started["progress_id"],
        lambda status, percent, message: percent == 60 and deployment.is_writing(),
    )
    assert (status, percent, message) == (
        "running",
        60,
        "Saving 200 services, all together so that none is half saved",
    )

    wait_until_stopped_work_shows()
    after = deployment.scenario(
        "after_killed_import",
        progress_id=started["progress_id"],
        import_id=started["import_id"],
        user_id=started["user_id"],
    )
    assert after["left"] == {"counts": started["started"], "report": {}, "added": 0}
    assert_shows_stopped(after["seen"], retry_path=after["retry_path"])
    # The import's own page, where uploading the file leads.
    import_page = after["seen"]["import_page"]
    assert_shows_stopped({**after["seen"], "page": import_page}, retry_path=after["retry_path"])
    assert "Nothing imported: the import stopped before it finished" in import_page

    deployment.run_worker_until_idle()
    assert deployment.progress(started["progress_id"]) == ("failed", 60, Progress.WORK_STOPPED)
    assert deployment.progress(after["progress_id"])[0] == "finished"
    retried = deployment.scenario("imported")

    uninterrupted = second_deployment.scenario("import_uninterrupted")

    assert len(retried["services"]) == 200
    assert retried["services"] == uninterrupted["services"]
    assert retried["imports"] == [[0, 0, 0], [200, 0, 0]]
    assert uninterrupted["imports"] == [[200, 0, 0]]
    # Every table grew as it did in the import that was never interrupted, but for the stopped import's
    # own records (its progress, its task, its report, the audit entries that it started and stopped) and
    # the sessions of the two pages looked at above.
    grown = {table: count - started["before"][table] for table, count in retried["counts"].items()}
    grown_uninterrupted = {
        table: count - uninterrupted["before"][table] for table, count in uninterrupted["counts"].items()
    }
    assert {
        table: grown[table] - grown_uninterrupted[table]
        for table in grown
        if grown[table] != grown_uninterrupted[table]
    } == {
        "core_progress": 1,
        "django_tasks_database_dbtaskresult": 1,
        "assets_orukimport": 1,
        "auditlog_logentry": 2,
        "django_session": 2,
        "axes_accesslog": 2,
    }
    assert grown["assets_service"] == 200
    audit_difference = {
        action: count - uninterrupted["audit"].get(action, 0)
        for action, count in retried["audit"].items()
        if count != uninterrupted["audit"].get(action, 0)
    }
    assert audit_difference == {"oruk_import.started": 1, "work.stopped": 1}
