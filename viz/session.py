"""One browser session's simulation: its model, lever inputs and lock (no Solara here)."""

import threading
from urllib.parse import parse_qsl, urlencode

from sim.errors import SimError
from sim.levers import LEVER_IDS, LEVERS, PRESETS, LeverSchedule
from sim.model import BaodiModel
from sim.params import Params

from .inputs import Problem, lever_text, parse_lever

REGION = "baodi"
MAX_SEED = 2**32 - 1


def preset_texts(preset: str) -> dict[str, str]:
    """Lever inputs (text) holding a preset's values for the plan period."""
    return {lv.id: lever_text(lv.plan if preset == "plan" else lv.status_quo) for lv in LEVERS}


def schedule_texts(levers: LeverSchedule) -> dict[str, str]:
    """Lever inputs (text) of a schedule: its preset's values, its own settings by year."""
    texts = preset_texts(levers.preset)
    for lever, steps in levers.settings.items():
        texts[lever] = lever_text(steps)
    return texts


def lever_problem(lever: str, text: str) -> Problem | None:
    """The :class:`~viz.inputs.Problem` if ``text`` is not a valid input of ``lever``, else None."""
    try:
        parse_lever(lever, text)
    except Problem as exc:
        return exc
    return None


def check_lever(lever: str, text: str, lang: str = "en") -> str | None:
    """The message (in ``lang``) if ``text`` is not a valid input of ``lever``, else None."""
    p = lever_problem(lever, text)
    return None if p is None else p.text(lang)


def check_seed(text) -> int:
    """Seed from user input: an integer in [0, 2**32 - 1], else a ``SimError``."""
    try:
        s = int(str(text).strip())
    except ValueError:
        raise SimError(f"seed = {text!r} must be an integer in [0, {MAX_SEED}]") from None
    if not 0 <= s <= MAX_SEED:
        raise SimError(f"seed = {s} outside allowed range [0, {MAX_SEED}]")
    return s


def schedule_from(texts: dict[str, str], preset: str = "status_quo") -> LeverSchedule:
    """A lever schedule from the inputs (a value from 2021, or values by year); ``SimError`` if bad.

    Inputs equal to the ``preset``'s value are left to the preset, so a schedule read from
    a scenario file and shown in the inputs comes back the same.
    """
    errors = [msg for lv, txt in texts.items() if (msg := check_lever(lv, txt))]
    if errors:
        raise SimError("; ".join(errors))
    base = preset_texts(preset)
    settings = {}
    for lv, txt in texts.items():
        v = parse_lever(lv, txt)
        if not isinstance(v, dict) and v == float(parse_lever(lv, base[lv])):
            continue
        settings[lv] = v
    return LeverSchedule(settings, preset=preset)


def state_query(lang: str, preset: str, texts: dict[str, str]) -> str:
    """The page's state as a URL query: language, preset and the inputs that differ from it.

    A reload (or a shared link) restores it with :func:`state_from_query`.
    """
    base = preset_texts(preset)
    items = [("lang", lang), ("preset", preset)]
    items += [(lv, txt) for lv, txt in texts.items() if txt != base.get(lv)]
    return urlencode(items)


def state_from_query(search: str | None) -> tuple[str, str, dict[str, str]]:
    """``(lang, preset, texts)`` from a URL query; unknown or bad entries are ignored."""
    q = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
    lang = q.get("lang") if q.get("lang") in ("zh", "en") else "zh"
    preset = q.get("preset") if q.get("preset") in PRESETS else "status_quo"
    texts = preset_texts(preset)
    texts.update({k: v for k, v in q.items() if k in LEVER_IDS})
    return lang, preset, texts


class Session:
    """The state of one browser tab: a model of its own, built lazily and guarded by a lock."""

    def __init__(
        self,
        region: str = REGION,
        seed: int = 0,
        levers: LeverSchedule | None = None,
        params: dict | None = None,
    ) -> None:
        self.region = region
        self.seed = seed
        self.lock = threading.RLock()
        self.levers = levers if levers is not None else LeverSchedule()
        self.params = dict(params or {})
        self.model = self._build()

    def _build(self) -> BaodiModel:
        return BaodiModel(
            region=self.region,
            params=Params(**self.params),
            levers=self.levers,
            seed=self.seed,
            history=True,
        )

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

    def apply(
        self,
        texts: dict[str, str],
        mode: str = "continue",
        preset: str = "status_quo",
        params: dict | None = None,
    ) -> None:
        """Apply lever inputs: ``continue`` the run with them or ``rebuild`` from 2015.

        ``params`` (a scenario file's ``[params]``) take effect when the model is rebuilt.
        """
        sched = schedule_from(texts, preset)
        with self.lock:
            self.levers = sched
            if params is not None:
                self.params = dict(params)
            if mode == "rebuild":
                self.model = self._build()
            else:
                self.model.set_levers(sched)
