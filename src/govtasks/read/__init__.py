"""Reading:

bytes on disk -> a Document (decoded text, provenance), and what sits beside a source (sidecars).
"""
