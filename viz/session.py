"""One browser session's simulation: its model, lever inputs and lock (no Solara here)."""

import threading

from sim.errors import SimError
from sim.levers import LEVERS, LeverSchedule
from sim.model import BaodiModel

REGION = "baodi"
MAX_SEED = 2**32 - 1


def preset_texts(preset: str) -> dict[str, str]:
    """Lever inputs (text) holding a preset's values for the plan period."""
    return {lv.id: f"{lv.plan if preset == 'plan' else lv.status_quo:g}" for lv in LEVERS}


def check_lever(lever: str, text: str) -> str | None:
    """The core's message if ``text`` is not a valid value of ``lever``, else None."""
    try:
        LeverSchedule({lever: text})
    except SimError as exc:
        return str(exc)
    return None


def check_seed(text) -> int:
    """Seed from user input: an integer in [0, 2**32 - 1], else a ``SimError``."""
    try:
        s = int(str(text).strip())
    except ValueError:
        raise SimError(f"seed = {text!r} must be an integer in [0, {MAX_SEED}]") from None
    if not 0 <= s <= MAX_SEED:
        raise SimError(f"seed = {s} outside allowed range [0, {MAX_SEED}]")
    return s


def schedule_from(texts: dict[str, str]) -> LeverSchedule:
    """A lever schedule from the inputs (held from the plan's first year); ``SimError`` if bad."""
    errors = [msg for lv, txt in texts.items() if (msg := check_lever(lv, txt))]
    if errors:
        raise SimError("; ".join(errors))
    return LeverSchedule({lv: float(txt) for lv, txt in texts.items()})


class Session:
    """The state of one browser tab: a model of its own, built lazily and guarded by a lock."""

    def __init__(self, region: str = REGION, seed: int = 0) -> None:
        self.region = region
        self.seed = seed
        self.lock = threading.RLock()
        self.levers = LeverSchedule()
        self.model = self._build()

    def _build(self) -> BaodiModel:
        return BaodiModel(region=self.region, levers=self.levers, seed=self.seed, history=True)

    def step(self, n: int = 1) -> bool:
        """Run up to ``n`` quarters; False when the calendar has ended."""
        with self.lock:
            for _ in range(n):
                if not self.model.running:
                    return False
                self.model.step()
            return self.model.running

    def run_to_end(self) -> None:
        """Run to the last quarter of the calendar."""
        with self.lock:
            while self.model.running:
                self.model.step()

    def reset(self, seed: int | None = None) -> None:
        """A fresh model from 2015 with the current levers (and a new seed if given)."""
        with self.lock:
            if seed is not None:
                self.seed = check_seed(seed)
            self.model = self._build()

    def apply(self, texts: dict[str, str], mode: str = "continue") -> None:
        """Apply lever inputs: ``continue`` the run with them or ``rebuild`` from 2015."""
        sched = schedule_from(texts)
        with self.lock:
            self.levers = sched
            if mode == "rebuild":
                self.model = self._build()
            else:
                self.model.set_levers(sched)
