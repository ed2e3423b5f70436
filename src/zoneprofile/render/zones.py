"""Which briefs to write: the zones of each, chosen by id (brief --zones, --against, profile ZONE_ID).
Light on purpose: the command checks the choice before it starts any extraction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zoneprofile.errors import ZoneprofileError

if TYPE_CHECKING:
    from zoneprofile.read.profiles import Profile


def select_zones(profiles: list[Profile], zones: str | None) -> list[str]:
    known = [p.id for p in profiles]
    if not zones:
        return known
    wanted = [z.strip() for z in zones.split(",") if z.strip()]
    if not wanted:
        raise ZoneprofileError(f"{zones!r} names no zone; available: {', '.join(known)}")
    unknown = [z for z in wanted if z not in known]
    if unknown:
        raise ZoneprofileError(f"unknown zone {', '.join(map(repr, unknown))}; available: {', '.join(known)}")
    return list(dict.fromkeys(wanted))


def zone_groups(profiles: list[Profile], zones: list[str] | tuple[str, ...] | str | None = None,
                against: str | None = None) -> list[list[str]]:
    """The briefs to write, one list of zone ids each: one per `zones` given (comma-separated ids;
    all profiles when none is given). With `against` (one id), that zone first, against each other
    zone of the one `zones` given, else of all profiles."""
    if zones is None or isinstance(zones, str):
        zones = [zones] if zones else []
    groups = [select_zones(profiles, z) for z in zones] or [select_zones(profiles, None)]
    if against is None:
        return groups
    if len(groups) > 1:
        raise ZoneprofileError("--against sets one zone against the zones of one --zones, not several")
    reference = select_zones(profiles, against)
    if len(reference) != 1:
        raise ZoneprofileError(f"{against!r}: --against takes one zone id")
    others = [z for z in groups[0] if z != reference[0]]
    if not others:
        raise ZoneprofileError(f"no zone to set against {reference[0]!r}")
    return [[reference[0], z] for z in others]
