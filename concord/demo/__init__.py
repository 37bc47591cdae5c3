"""The demo: a fictional pharma's alliance portfolio, seeded through the services.

story.py is the engine, data.py and notes.py the cast and plot, chapters/ one chapter per
capability, and management/commands/ `seed_demo` and `print_demo_logins`. This app sits on top of
every other; none of them imports it.
"""
