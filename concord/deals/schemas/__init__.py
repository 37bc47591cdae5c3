"""Request and response schemas of the deals API.

Amounts travel as decimal strings with their currency's digits ("40000000.00", "1500",
"0.125"), so no client ever meets a float; requests accept a string or a number and the
services refuse anything finer than the currency's minor unit.

Each module holds the schemas of one area; the API imports them from there.
"""
