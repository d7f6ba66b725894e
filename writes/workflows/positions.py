"""Where a workflow step happened: the optional position (lon/lat, WGS84 degrees) stored on
a problem reported or a hazard found by a point (issue 13)."""

from __future__ import annotations

from graph.errors import FieldError, ValidationError
from graph.geometry import GeometryError, check_lon_lat


def position(lon: float | None, lat: float | None) -> dict[str, float]:
    """The position properties for ``lon``/``lat`` ({} when neither is given).

    Raises:
        ValidationError: only one of them, or coordinates off the map.
    """
    if lon is None and lat is None:
        return {}
    if lon is None or lat is None:
        raise ValidationError("position", [FieldError("lon/lat", "give both or neither")])
    try:
        check_lon_lat(lon, lat)
    except GeometryError as exc:
        raise ValidationError("position", [FieldError("lon/lat", str(exc))]) from exc
    return {"lon": lon, "lat": lat}
