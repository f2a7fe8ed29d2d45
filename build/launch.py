"""PyInstaller's entry script: the same `main()` as `python -m desktop` and `waymark`."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
