from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign in with email and password; the email's case does not matter.

    ModelBackend already looks the user up through `get_by_natural_key`, which our manager
    makes case-insensitive; this class exists so settings name the intent.
    """
