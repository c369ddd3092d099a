"""Insights: the managers' Monday dashboard — how fast the desk responds and resolves, where
cases stall, what remedies cost against what they are worth to the customer, whether
recovered customers end up happier than average, and who keeps getting failed.

Its own app because it only reads: it works across every case, step, survey and timeline
event, owns no rows and no transitions, and each figure is one SQL aggregation. It imports
`cases` and `apologies` (never the reverse), so removing it removes a page and nothing else.
"""
