"""Writing: the output tables' encodings (Parquet, CSV) and their atomic publication."""
