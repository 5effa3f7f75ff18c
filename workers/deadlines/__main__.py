import sys

from workers.deadlines.cli import main

sys.exit(main(sys.argv[1:]))
