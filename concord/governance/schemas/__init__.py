"""Request and response schemas of the governance API.

Each module holds the schemas of one area; the API imports them from there, and the shared
value types from `_common`.
"""
