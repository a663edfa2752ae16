"""The center's rooms. Bookings, blocked periods and incubation arrive with the spaces issue."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dure.core.models import BaseModel


class RoomKind(models.TextChoices):
    HALL = "hall", _("community hall")
    MEETING = "meeting", _("meeting room")
    EXHIBITION = "exhibition", _("exhibition hall")
    LIBRARY = "library", _("small library")
    CAFE = "cafe", _("mini cafe")
    INCUBATION = "incubation", _("incubation room")


class Room(BaseModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="spaces_room_capacity_positive")
        ]

    def __str__(self) -> str:
        return self.name
