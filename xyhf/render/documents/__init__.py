"""Documents beside the pages: the model contract (Word and HTML), open-licence declarations, iCalendar files and Atom feeds."""
