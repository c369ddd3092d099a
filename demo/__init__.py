"""Demo data for a new desk (`manage.py seed_demo`).

Its own app because demo data spans every other app (cases now, apologies and the archive
later), and only an app above them all may import them all.
"""
