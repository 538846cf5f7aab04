"""The container's health check: exit 0 when this web process answers /health/ready/ (it reaches the database).

Usage: python deploy/healthcheck.py /health/ready/

It asks gunicorn directly on OSTROM_BIND's port, as a load balancer would, with a Host header Django accepts
(the first of ALLOWED_HOSTS): a request for a host not in ALLOWED_HOSTS is refused with 400 before any view runs.
"""

import http.client
import os
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/health/ready/"
port = int(os.environ.get("OSTROM_BIND", "127.0.0.1:8000").rsplit(":", 1)[1])
host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
if host in ("", "*"):
    host = "localhost"
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
try:
    connection.request("GET", path, headers={"Host": host})
    status = connection.getresponse().status
except OSError as problem:
    sys.exit(f"{path}: {problem}")
sys.exit(0 if status == 200 else f"{path} answered {status}")
