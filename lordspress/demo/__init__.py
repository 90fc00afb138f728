"""Demo content for `manage.py seed_demo`."""
