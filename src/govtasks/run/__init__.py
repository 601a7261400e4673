"""The run: the per-file stage, the cache and manifest, worker pools, the summary, and ``ingest`` itself."""
