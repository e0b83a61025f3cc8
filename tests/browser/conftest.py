import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sweep_files import TWO_PACKAGE_SWEEP

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing_or_fail(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (CI=true: browser tests must run)")
    pytest.skip(what)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sweeps_dir(tmp_path_factory):
    """The server's sweeps folder (``BAODI_SWEEPS_DIR``) holding one finished tiny store."""
    import scenarios
    from scenarios.progress import Progress

    root = tmp_path_factory.mktemp("sweeps")
    # the tiny region's sweep: 2 packages × 3 LHS points × 3 seeds = 18 runs
    scenarios.Sweep.from_text(TWO_PACKAGE_SWEEP).run(
        root / "tiny", workers=0, progress=Progress(18, enabled=False)
    )
    return root


@pytest.fixture(scope="session")
def server(sweeps_dir):
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "viz-server.log", "w")  # noqa: SIM115 — closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "viz", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "BAODI_SWEEPS_DIR": str(sweeps_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail(
                    f"solara server exited with {proc.returncode}; see artifacts/viz-server.log"
                )
            if time.monotonic() > deadline:
                pytest.fail("solara server did not answer within 90 s")
            time.sleep(0.5)
        yield url
    finally:  # the wrapper and the solara server it started: the whole process group
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        _missing_or_fail(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_or_fail("python package playwright not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def watch(pg) -> None:
    """Record every request (``pg.requests``) and console error or page error (``pg.errors``)."""
    pg.requests = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on(
        "console", lambda m: pg.errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    pg.on("pageerror", lambda e: pg.errors.append(f"pageerror: {e}"))
    pg.on(
        "response",
        lambda r: pg.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )


def open_app(ctx, server, query: str = ""):
    """A new page of ``ctx`` on the app, watched (:func:`watch`), once it has drawn."""
    pg = ctx.new_page()
    watch(pg)
    pg.set_default_timeout(30000)
    pg.goto(server + query)
    pg.wait_for_selector(".viz-quarter", timeout=90000)
    return pg


@pytest.fixture(scope="session")
def app_page():
    """:func:`open_app` for tests: a fixture, since ``from conftest import`` picks whichever
    ``conftest`` module the whole suite's collection imported first."""
    return open_app


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
    pg = open_app(ctx, server)
    yield pg
    ctx.close()
