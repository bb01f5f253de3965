"""The web server's own configuration file (gunicorn.conf.py, read from the working directory)."""

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_each_worker_freezes_the_loaded_application_out_of_the_collector():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_the_image_runs_gunicorn_where_the_file_is():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "WORKDIR /app" in dockerfile
    assert "COPY . ." in dockerfile
    assert '"gunicorn"' in dockerfile


def test_gunicorn_s_own_refusals_use_the_api_s_error_shape(tmp_path):
    """A request line over gunicorn's limit was answered with gunicorn's HTML 414 page (issue #27, 7)."""
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PATH": str(Path(sys.executable).parent), "SIGNPOST_VAR_DIR": str(tmp_path), "HOME": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.config.wsgi:application", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("gunicorn did not start") from None
                time.sleep(0.2)
        long_url = f"http://127.0.0.1:{port}/api/v1/questions/?search=" + "x" * 9000
        try:
            urllib.request.urlopen(long_url, timeout=10)
        except urllib.error.HTTPError as refusal:
            assert refusal.code == 414
            assert refusal.headers["Content-Type"] == "application/json"
            [error] = json.loads(refusal.read())["errors"]
            assert error["field"] is None
            assert error["message"].startswith("URI Too Long")
        else:
            raise AssertionError("a 9,000-character request line was accepted")
    finally:
        server.terminate()
        server.wait(timeout=10)
