import sys

from xyhf.cli import main

sys.exit(main())
