"""``baodi-sim viz``: serve the officials' web app with Solara, offline.

Solara 1.58 with ``solara-assets`` serves its whole front-end itself (through its assets
"proxy", which must stay on); telemetry and the PyPI version check are switched off, so
neither the browser nor the server reaches for the internet.
"""

import argparse
import os
import signal
import subprocess
import sys

OFFLINE_ENV = {
    # the assets "proxy" is what serves the front-end (bundled by solara-assets) from this
    # host under /_solara/cdn/; switched off, the page would load it from cdn.jsdelivr.net
    "SOLARA_ASSETS_PROXY": "True",
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # no usage pings
}


def serve(args: argparse.Namespace) -> int:
    """Run ``solara run viz.app:Page`` on ``args.host``:``args.port``; return its exit code."""
    if not 1 <= int(args.port) <= 65535:
        print(
            f"baodi-sim viz: port = {args.port} outside allowed range [1, 65535]", file=sys.stderr
        )
        return 2
    env = {**os.environ, **OFFLINE_ENV}
    cmd = [
        sys.executable,
        "-m",
        "solara",
        "run",
        "viz.app:Page",
        "--host",
        str(args.host),
        "--port",
        str(args.port),
        "--production",
        "--no-open",
        "--no-check-version",
    ]
    print(f"baodi-sim viz: serving on http://{args.host}:{args.port}/", flush=True)
    proc = subprocess.Popen(cmd, env=env)

    def forward(signum, _frame):  # a stopped `baodi-sim viz` stops its server too
        proc.send_signal(signum)

    old = signal.signal(signal.SIGTERM, forward)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            return 130
    finally:
        signal.signal(signal.SIGTERM, old)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``viz`` options."""
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")


def register(subparsers) -> None:
    """Entry point of ``baodi_sim.commands``: add the ``viz`` sub-command."""
    p = subparsers.add_parser(
        "viz",
        help="serve the officials' web app (Solara, offline)",
        description=__doc__.splitlines()[0],
    )
    add_arguments(p)
    p.set_defaults(func=serve)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone ``python -m viz [--host] [--port]``."""
    p = argparse.ArgumentParser(prog="python -m viz", description=__doc__.splitlines()[0])
    add_arguments(p)
    return serve(p.parse_args(argv))
