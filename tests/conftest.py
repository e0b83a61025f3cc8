import os

import pytest
from hypothesis import HealthCheck, settings

# Cold numba compiles take seconds: no deadline; CI runs a few more examples.
settings.register_profile(
    "dev", deadline=None, max_examples=8, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(scope="session")
def warm():
    """Compile (or load) every kernel once before timing-sensitive hypothesis tests."""
    from sim import BaodiModel

    BaodiModel("tiny", seed=0).run(2016)
    return True
