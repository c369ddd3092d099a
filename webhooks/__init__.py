"""Webhooks: integrations subscribe to a case's events and get signed HTTP POSTs.

Its own app because it is its own concern (outbound HTTP, secrets, a delivery log) that
listens to the cases' timeline without the cases or the apology flow knowing about it.
"""
