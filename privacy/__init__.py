"""Customers' personal data done properly (GDPR Art. 15 access, Art. 17 erasure, storage
limitation; ISO 10002 confidentiality): export everything the desk holds about one customer,
erase it everywhere, erase it on its own after a retention period, and keep a log of who
looked at, exported or erased whose data.

Its own app because it sits on top of all the others: it reads and rewrites the rows of
cases, apologies, the conversation, the archive and webhooks, and none of them needs to know
it exists (it adds a section to the customer page and a witness to the case page through
`cases.panels`, as the archive and incidents do).
"""
