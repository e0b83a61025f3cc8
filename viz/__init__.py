"""The officials' web app: a Solara explorer of the 一城多园 network, the levers and the targets.

``viz`` sits on top of :mod:`sim` (the core never imports it). Modules:

- :mod:`viz.i18n` — every user-facing label in Chinese and English;
- :mod:`viz.render` — the map (SVG), target panels, firm history and fan charts (matplotlib,
  pointed explicitly at a CJK font), and :func:`viz.render.render_step_ms` for the benchmarks;
- :mod:`viz.compare` — two lever packages over several seeds, median and 10–90 % bands;
- :mod:`viz.app` — the Solara page (one model per browser session);
- :mod:`viz.cli` — ``baodi-sim viz [--host] [--port]``.
"""
