"""Run the ``meetupkit`` command: ``python -m meetupkit --help``."""

import sys

from meetupkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
