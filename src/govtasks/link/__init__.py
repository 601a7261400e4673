"""Linking: the same task across the reports of one district and year gets one task_id."""
