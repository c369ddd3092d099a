from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .models import Role


class EmailBackend(ModelBackend):
    """Sign in with email and password; the email's case does not matter.

    ModelBackend already looks the user up through `get_by_natural_key`, which our manager
    makes case-insensitive; this class exists so settings name the intent.
    """

    def get_user(self, user_id):
        """The signed-in person, with their desk groups' names read in the same query
        (every desk page asks their role: `User.role`)."""
        user_model = get_user_model()
        desk_groups = Group.objects.filter(user=OuterRef("pk"), name__in=Role.values)
        try:
            user = user_model._default_manager.annotate(
                in_manager_group=Exists(desk_groups.filter(name=Role.MANAGER)),
                in_agent_group=Exists(desk_groups.filter(name=Role.AGENT)),
            ).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
