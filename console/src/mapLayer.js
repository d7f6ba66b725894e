// How the map page draws a net's cells: the four risk colours (红橙黄蓝), the gap and
// overdue-hazard overlays, the territories of the nets beneath a level-2 net, and a level-4
// net's risk points and overdue hazards as points (from `within` its bounding box).
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

/** The bounding box `[west, south, east, north]` of a net (null when it is not mapped). */
export function netBox(net) {
  const box = [net.minLon, net.minLat, net.maxLon, net.maxLat]
  return box.every((x) => typeof x === 'number') ? box : null
}

/** Today as `YYYY-MM-DD` (local date), the day overdue is counted on. */
export function today() {
  const now = new Date()
  const pad = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** Whether a hazard of `within` (its `node` carrying `deadline` and `closedOn`) is open and
 * past its deadline on `day` (as mapLayer counts `overdueHazards`). */
export function isOverdue(item, day) {
  const hazard = item.node
  return item.kind === 'Hazard' && !!hazard?.deadline && hazard.deadline < day && !hazard.closedOn && item.status !== 'closed'
}

/** The points to draw of `within`'s items: risk points by grade, then overdue hazards. */
export function mapPoints(items, day) {
  const risks = items.filter((i) => i.kind === 'RiskPoint')
  const overdue = items.filter((i) => isOverdue(i, day))
  return [...risks, ...overdue]
}

/** One scatter datum for a point of `within`. */
export function pointItem(item) {
  const hazard = item.kind === 'Hazard'
  return {
    name: item.uid,
    value: [item.lon, item.lat],
    point: item,
    itemStyle: hazard
      ? { color: '#303133', borderColor: '#ffffff', borderWidth: 1 }
      : { color: GRADE_COLOURS[item.grade] ?? GRADE_COLOURS.none, borderColor: '#303133', borderWidth: 1 },
  }
}
