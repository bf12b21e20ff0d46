"""Fernhill billing service: invoices, charges and payment methods."""

__version__ = "2.14.0"
