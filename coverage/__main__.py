"""`python -m coverage ...`: the command line."""

from coverage.cli import main

raise SystemExit(main())
