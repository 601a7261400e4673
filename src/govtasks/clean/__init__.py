"""Cleaning: script conversion, removal of copy-paste artifacts, garbled spans, unit and leader lists."""
