"""Cases: customers, the failures logged against them, SLA targets, and each case's timeline."""
