"""gunicorn's settings for Ostrom: `gunicorn -c deploy/gunicorn.conf.py`, behind a TLS proxy.

The production smoke test (tests/production) serves the app with this file, so what is deployed is what
is tested. Anything here can be overridden on the command line (`--bind`, `--workers`)."""

import os

wsgi_app = "ostrom.wsgi:application"
# The TLS proxy on the same machine forwards here; it must set X-Forwarded-Proto (Django trusts it).
bind = os.environ.get("OSTROM_BIND", "127.0.0.1:8000")
# Sync workers: two per core is plenty for a collective's traffic. WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Long work (counting votes, lotteries, opinion maps) runs in `manage.py db_worker`, never in a request.
timeout = 30
# One line per request on standard output, for journald or the container's log.
accesslog = "-"
# gunicorn 25+ opens a control socket in the home directory by default; Ostrom does not use gunicornc.
control_socket_disable = True
