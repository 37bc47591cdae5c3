"""Homework is private to each organisation: it has no admin pages (the admin would read it
across organisations)."""
