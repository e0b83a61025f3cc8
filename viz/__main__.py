"""``python -m viz``: serve the web app (same as ``baodi-sim viz``)."""

import sys

from viz.cli import main

sys.exit(main())
