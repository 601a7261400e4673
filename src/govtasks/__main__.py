"""``python -m govtasks`` is the ``govtasks`` command."""

from govtasks.cli import main

main()
