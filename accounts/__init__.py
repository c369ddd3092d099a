"""People and keys: desk users (agents and managers, signing in by email) and API keys.

Its own app because every other app depends on who is acting, and the user model must exist
before anything refers to it.
"""
