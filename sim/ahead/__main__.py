"""``python -m sim.ahead [record | check]``: compile ahead, or rewrite or check the table."""

import sys

from . import main

sys.exit(main(sys.argv[1:]))
