"""Tables: a Document's text or a saved page becomes a Grid, and a Grid rows by header words.

The pipe, paragraph, label-list and HTML readers live here.
"""
