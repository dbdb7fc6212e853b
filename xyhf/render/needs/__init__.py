"""Enterprise needs: the need list and pages with their matches, the stations page, each city's broker kit."""
