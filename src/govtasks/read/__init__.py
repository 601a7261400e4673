"""Reading: bytes on disk become a Document (decoded text with its provenance).

Also here: whether a source is a saved page, the sidecar beside a source, and which files of
the raw folder are sources at all.
"""
