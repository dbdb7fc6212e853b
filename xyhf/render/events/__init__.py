"""Matchmaking events: the events list and pages, the printable brochure, a calendar file per event."""
