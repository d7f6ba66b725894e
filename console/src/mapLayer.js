// How the map page draws a net's cells: the four risk colours (红橙黄蓝), the gap and
// overdue-hazard overlays, and the territories of the nets beneath a level-2 net.
export const GRADES = ['red', 'orange', 'yellow', 'blue']
export const GRADE_COLOURS = { red: '#d9363e', orange: '#f08c00', yellow: '#f5c800', blue: '#2f6fde', none: '#c8ccd2' }

/** The global id `node(id:)` takes for a node of `kind` with business key `uid`. */
export function globalId(kind, uid) {
  const bytes = new TextEncoder().encode(`${kind}:${uid}`)
  return btoa(String.fromCharCode(...bytes))
}

/** One map datum for a cell of `mapLayer` (its feature's properties). */
export function cellItem(cell, showGaps, showOverdue) {
  const flagged = showGaps && cell.gaps.length > 0
  const overdue = showOverdue && cell.overdueHazards > 0
  return {
    name: cell.uid,
    cell,
    label: overdue ? `⚠ ${cell.overdueHazards}` : '',
    itemStyle: {
      areaColor: GRADE_COLOURS[cell.worstGrade ?? 'none'],
      borderColor: flagged ? '#000000' : '#ffffff',
      borderWidth: flagged ? 3 : 1,
      borderType: flagged ? 'dashed' : 'solid',
    },
  }
}

/** The mapped nets among `nets` as GeoJSON features ({uid, name} properties). */
export function netFeatures(nets) {
  return nets
    .filter((n) => n.geometry)
    .map((n) => ({ type: 'Feature', id: n.uid, geometry: n.geometry, properties: { uid: n.uid, name: n.name } }))
}
