"""The scale-out recipe (deploy/scale_out.sh, docs/deploy.md): two replicas behind Debian's nginx on loopback.

A browser opens the page through nginx: the session's websocket is upgraded, the browser is pinned to one
replica by its cookie, the static files come from nginx itself, a click reaches the panel, and a reload
lands on the same replica. Throughput under load is measured by bench/load.py through the same script
(docs/reliability.md), not here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import urllib.request

import pytest

from tests.browser.conftest import Guarded, _free_port
from tests.conftest import ROOT

SCRIPT = ROOT / "deploy" / "scale_out.sh"


def _two_free_ports() -> int:
    """A port whose next one is free too (the replicas take BASE and BASE + 1)."""
    for _ in range(50):
        base = _free_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", base + 1))
            except OSError:
                continue
        return base
    raise RuntimeError("no two free ports in a row")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        pytest.fail("nginx not found: install Debian's nginx (./test.sh does)")
    run = tmp_path_factory.mktemp("scale-out")
    base = _two_free_ports()
    env = {**os.environ, "YREB_RUN_DIR": str(run), "YREB_PROXY_PORT": str(_free_port()),
           "YREB_REPLICA_BASE_PORT": str(base), "PATH": os.environ.get("PATH", "") + ":/usr/sbin"}  # fmt: skip
    started = subprocess.run([str(SCRIPT), "start", "2"], env=env, capture_output=True, text=True, timeout=240,
                             stdin=subprocess.DEVNULL)  # fmt: skip
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield f"http://127.0.0.1:{env['YREB_PROXY_PORT']}/", env, run
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)


def test_two_replicas_behind_nginx_serve_a_pinned_working_page(browser, proxy):
    url, env, run = proxy
    status = subprocess.run([str(SCRIPT), "status"], env=env, capture_output=True, text=True, timeout=60)
    assert status.returncode == 0 and status.stdout.count(": ok") == 3, status.stdout

    g = Guarded(browser, url)
    try:
        static = []
        g.page.on("response", lambda r: static.append(r) if "/app/static/" in r.url else None)
        g.open(url, wait_city="wuxi")
        g.click_place("wuxi")
        g.page.get_by_role("heading", name="Wuxi · 无锡市").wait_for(timeout=60_000)
        cookie = [c for c in g.context.cookies() if c["name"] == "yreb_replica"]
        assert len(cookie) == 1 and cookie[0]["value"], g.context.cookies()
        # The static files (Leaflet, the runtime, the font, layers) come from nginx's own folder, not a replica.
        assert static and all(r.status == 200 for r in static), [(r.url, r.status) for r in static]
        assert any(r.headers.get("cache-control") == "public, max-age=3600" for r in static)
        # A reload keeps the browser on its replica (same cookie) and the page works again.
        g.page.reload()
        g.page.locator(".yreb-city-wuxi").wait_for(timeout=60_000)
        again = [c for c in g.context.cookies() if c["name"] == "yreb_replica"]
        assert again[0]["value"] == cookie[0]["value"]
        assert g.blocked == [] and g.dialogs == []
    finally:
        g.close()
    # Health through the proxy, as a load balancer in front of it would ask.
    with urllib.request.urlopen(url + "_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"
    # Neither replica logged a traceback.
    logs = "".join((run / f"replica-{i}.log").read_text(errors="replace") for i in (1, 2))
    assert "Traceback" not in logs, logs[-2000:]
