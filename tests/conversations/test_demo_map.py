"""The demo's opinion map is drawn after the demo's data is saved, never inside its transaction."""

import pytest
from django.core.management import call_command
from django.db import connection

from ostrom.conversations.models import OpinionMapResult

# The query that reads the map's votes: the ORM's on SQLite, the packed one on PostgreSQL.
VOTES_FOR_THE_MAP = (
    'SELECT "conversations_vote"."participant_id" AS "participant_id", "conversations_vote"."statement_id"',
    "SELECT string_agg(int8send(participant_id)",
)


@pytest.mark.django_db
def test_seed_demo_draws_the_map_after_its_transaction_and_the_map_is_there(settings):
    settings.DEBUG = True
    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []

    def watch(execute, sql, params, many, context):
        if sql.startswith(VOTES_FOR_THE_MAP):
            depths.append(len(connection.atomic_blocks))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        call_command("seed_demo", verbosity=0)

    assert depths == [outside]
    gp_access = OpinionMapResult.objects.get(conversation__question__startswith="What would make it easier")
    assert gp_access.participant_count == 800
