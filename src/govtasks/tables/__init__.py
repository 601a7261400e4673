"""Tables: a Document's text or a saved page -> Grid -> cells by header words.

The pipe, paragraph, label-list and HTML readers live here.
"""
