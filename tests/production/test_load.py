"""The load benchmark (benchmarks/load.py) in miniature: a few people for a few seconds against gunicorn
on a copy of the production smoke test's database. Speed is not judged here (`make load` does that);
only that every request succeeds and every ballot, opinion vote and survey answer the server accepted is
stored exactly once."""

import subprocess
import sys

from tests.production.conftest import ROOT


def test_a_short_load_run_has_no_errors_and_loses_or_doubles_nothing(production_site):
    workdir = production_site.log_path.parent
    run = subprocess.run(
        [
            sys.executable,
            "benchmarks/load.py",
            f"--from-prepared={workdir}",
            "--users=6",
            "--duration=6",
            "--warm-up=0",
            "--ratio-users=2",
            "--ratio-seconds=2",
            "--web-processes=2",
            "--task-workers=1",
            "--no-targets",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| ballots |" in run.stdout and "All targets met." in run.stdout
