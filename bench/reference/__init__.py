"""The reference app for `make bench`: a bare Django project on the same stack as the desk
(Django, psycopg, the same PostgreSQL database, gunicorn with 2 workers), with three views —
one that does nothing, one that does a single INSERT, one that lists 25 rows as JSON. The
desk's figures are given as ratios to these, so they mean something on any machine."""
