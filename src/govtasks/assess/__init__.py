"""Reading what a progress row says: its state (:mod:`.status`) and its numbers (:mod:`.figures`)."""
