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
