"""Baodi innovation-ecosystem simulator: the core model (no UI, no sweeps).

Public API: the model, its data (region, parameters, levers) and its errors.
"""

from .errors import SimError
from .indicators import INDICATORS, TARGET_INDICATORS
from .levers import LEVERS, LeverSchedule, lever_table
from .model import BaodiModel
from .params import PARAM_SPECS, Params, param_table
from .region import Region, load_region

__all__ = [
    "INDICATORS",
    "LEVERS",
    "PARAM_SPECS",
    "TARGET_INDICATORS",
    "BaodiModel",
    "LeverSchedule",
    "Params",
    "Region",
    "SimError",
    "lever_table",
    "load_region",
    "param_table",
]
