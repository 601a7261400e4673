"""govtasks: turn district governments' task-progress pages into one clean dataset."""

__version__ = "0.1.0"
