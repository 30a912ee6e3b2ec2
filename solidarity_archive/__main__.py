import sys

from solidarity_archive.cli.main import main

sys.exit(main())
