from django.shortcuts import get_object_or_404

from .models import Delivery


def get_delivery_for_user(user, pk):
    """A notification of the user's own; anyone else's is a 404 (even staff: the admin shows
    every delivery)."""
    return get_object_or_404(Delivery.objects.for_user(user), pk=pk)
