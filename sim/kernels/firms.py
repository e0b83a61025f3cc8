"""Row chunks of the per-firm kernels, re-exported from :mod:`sim.kernels.common`.

The firm kernels moved to :mod:`sim.phases.firms` (the firm's quarter) and
:mod:`sim.phases.entry` (new firms, the 2015 population). ``CHUNK`` and ``alive_rows``
now live in :mod:`sim.kernels.common`; this module re-exports them for the kernels that
still import them from here (talent, capital, labels) until they import from ``common``.
"""

from .common import CHUNK, alive_rows

__all__ = ["CHUNK", "alive_rows"]
