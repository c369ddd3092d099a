"""Incidents: one failure that hurt many customers, and the apology that goes to all of them.

Its own app because it works across cases rather than inside one: it groups the cases an
outage caused, writes the shared parts of their apologies once, and sends them all as a
background job. It builds on `apologies` (the flow is still the one door for each case);
`cases` knows an incident only as the model its cases point to.
"""
