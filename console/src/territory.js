// Which territory a point lies in, in the browser: the report page's map says at once whether
// a tap is inside the reporter's cells. The API decides for real (reportProblem resolves the
// cell from the point, docs/geography.md); this only spares a round trip that would be refused.

/** Whether `[lon, lat]` lies inside the ring (even–odd ray casting; a ring is [[lon, lat], …]). */
function inRing(ring, lon, lat) {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Whether a GeoJSON Polygon or MultiPolygon contains the point (outside its holes). */
export function contains(geometry, lon, lat) {
  const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : []
  return polygons.some(([shell, ...holes]) => inRing(shell, lon, lat) && !holes.some((hole) => inRing(hole, lon, lat)))
}

/** The first of `cells` ({uid, name, geometry}) whose territory holds the point, or null. */
export function cellAt(cells, lon, lat) {
  return cells.find((c) => contains(c.geometry, lon, lat)) ?? null
}

/** A coordinate rounded to 5 decimals (about a metre), as the form shows it. */
export function rounded(degrees) {
  return Math.round(degrees * 1e5) / 1e5
}
