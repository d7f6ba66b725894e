"""Where things are (空间): territories and positions, stored portably (graph/geometry.py)."""

from neomodel import FloatProperty

from graph.geometry import GeometryProperty
from graph.model.base import GridNode


class Territory(GridNode):
    """A node drawn on the map as a polygon (辖区): ``geometry`` is GeoJSON text in WGS84
    degrees; the bounding box lets either engine filter by box in Cypher. The writer derives
    the box from the polygon (``graph.geometry.territory_properties``)."""

    __abstract_node__ = True
    geometry = GeometryProperty()
    min_lon = FloatProperty(index=True)
    min_lat = FloatProperty()
    max_lon = FloatProperty()
    max_lat = FloatProperty()


class Positioned(GridNode):
    """A node placed on the map as a point (位置), in WGS84 degrees."""

    __abstract_node__ = True
    lon = FloatProperty(index=True)
    lat = FloatProperty()
