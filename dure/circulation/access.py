"""Who may see which circulation figures: staff see everything; an enterprise's members see its own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dure.circulation.models import Party
from dure.circulation.services import looks_like_brn
from dure.core.errors import DomainError, NotFound, PermissionDeniedError, Unauthenticated
from dure.core.identifiers import brn_compact, brn_is_valid
from dure.registry.models import Enterprise


def find_parties(query: str, *, region: str = "") -> list[Party]:
    """The parties a query names: a 사업자등록번호 (with or without hyphens) or a party name."""
    query = (query or "").strip()
    if not query:
        raise DomainError(_("Name a party: a business registration number or a name."), field="party")
    if looks_like_brn(query):
        if not brn_is_valid(query):
            raise DomainError(
                _("'%(value)s' is not a valid business registration number.") % {"value": query}
            )
        return list(Party.objects.filter(brn=brn_compact(query)))
    queryset = Party.objects.filter(name=query)
    if region:
        queryset = queryset.filter(region_code=region)
    return list(queryset)


def _own(user: Any) -> tuple[set[int], set[str]]:
    enterprise_ids = set(user.memberships.values_list("enterprise_id", flat=True))
    brns = set(Enterprise.objects.filter(pk__in=enterprise_ids).exclude(brn="").values_list("brn", flat=True))
    return enterprise_ids, brns


def access_parties_for_figures(user: Any, queries: list[str], *, region: str = "") -> list[Party]:
    """The parties named by `queries` if the user may see their figures (401 / 403 / 404 otherwise)."""
    if not getattr(user, "is_authenticated", False):
        raise Unauthenticated(_("Authentication required: send 'Authorization: Bearer <token>'."))
    staff = bool(getattr(user, "is_center_staff", False))
    enterprise_ids, brns = (set(), set()) if staff else _own(user)
    parties: list[Party] = []
    for query in queries:
        found = find_parties(query, region=region)
        if not staff:
            # Members see their own enterprise only; unknown names are refused alike so that
            # the answer does not tell who else is in the ledger.
            mine = [p for p in found if p.enterprise_id in enterprise_ids or (p.brn and p.brn in brns)]
            if not mine or len(mine) != len(found):
                raise PermissionDeniedError(_("You may see the figures of your own enterprise only."))
        if not found:
            raise NotFound(_("No party '%(value)s' in the ledger.") % {"value": query})
        if len(found) > 1:
            raise DomainError(
                _("Several parties are called '%(value)s'; add region= to choose (%(regions)s).")
                % {"value": query, "regions": ", ".join(sorted(p.region_code for p in found))},
                field="party",
            )
        parties.append(found[0])
    if not parties:
        raise DomainError(_("Name a party: a business registration number or a name."), field="party")
    return parties


def own_enterprise_parties(user: Any, enterprise: Enterprise) -> list[Party]:
    queryset = Party.objects.filter(enterprise=enterprise)
    if enterprise.brn:
        queryset = Party.objects.filter(brn=enterprise.brn) | queryset
    return list(queryset.distinct())
