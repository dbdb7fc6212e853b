"""Deals and outcomes: the ledger, the credit archive, 典型案例, the deal and need tables, outcome statistics."""
