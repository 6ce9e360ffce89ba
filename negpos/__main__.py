"""``python -m negpos``: the ``negpos`` command."""

import sys

from negpos._cli.main import main

sys.exit(main())
