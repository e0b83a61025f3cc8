"""Progress of a sweep: ``Progress`` — runs done, runs/s, ETA and failures, on stderr.

On a terminal one line is redrawn in place; otherwise (a log file, CI) a plain line is
printed every ``every`` seconds and at the end. A caller (the web app) can also receive
every update through ``callback``. The line is in English or Chinese (``lang``).
"""

import sys
import time
from collections.abc import Callable

# the status line in each language: (zh, en)
LINE = (
    "运行 {done}/{total}（{pct:.0f}%）· 每秒 {rate:.1f} 次 · 预计剩余 {eta} · 失败 {failed}",
    "runs {done}/{total} ({pct:.0f}%) · {rate:.1f} runs/s · ETA {eta} · failed {failed}",
)


def _clock(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):  # NaN or unknown
        return "--:--"
    s = round(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


class Progress:
    """A progress reporter for ``total`` runs.

    Parameters
    ----------
    total : int
        Runs to do in this call.
    enabled : bool
        False: report nothing.
    stream : file, optional
        Where to write (default ``sys.stderr``).
    every : float
        Seconds between plain lines when the stream is not a terminal.
    callback : callable, optional
        ``callback(done, total, failed)``, called on every update (also when ``enabled`` is
        False): runs done so far, runs to do, failed runs so far.
    lang : {"en", "zh"}
        Language of the line.
    """

    def __init__(
        self,
        total: int,
        enabled: bool = True,
        stream=None,
        every: float = 5.0,
        callback: Callable[[int, int, int], None] | None = None,
        lang: str = "en",
    ) -> None:
        self.total = int(total)
        self.enabled = bool(enabled)
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every
        self.done = 0
        self.failed = 0
        self.t0 = time.monotonic()
        self._last = -1e9
        self._width = 0
        self.callback = callback
        self.lang = lang

    def line(self) -> str:
        """The status line: runs done, runs/s, ETA, failures."""
        dt = time.monotonic() - self.t0
        rate = self.done / dt if dt > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        pct = 100.0 * self.done / self.total if self.total else 100.0
        template = LINE[0] if self.lang == "zh" else LINE[1]
        return template.format(
            done=self.done,
            total=self.total,
            pct=pct,
            rate=rate,
            eta=_clock(left),
            failed=self.failed,
        )

    def update(self, runs: int, failed: int = 0) -> None:
        """Count ``runs`` more finished runs, ``failed`` of them failed."""
        self.done += runs
        self.failed += failed
        if self.callback is not None:
            self.callback(self.done, self.total, self.failed)
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if now - self._last >= 0.1:
                text = self.line()
                self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
                self.stream.flush()
                self._width = len(text)
                self._last = now
        elif now - self._last >= self.every:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self._last = now

    def close(self) -> None:
        """Print the final line."""
        if not self.enabled:
            return
        text = self.line()
        if self.tty:
            self.stream.write("\r" + text + " " * max(0, self._width - len(text)) + "\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
