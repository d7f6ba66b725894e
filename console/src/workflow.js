// Shared by the report, inbox and risk pages: the escalation ladder (cell → level 4 → level 3
// → level 2), the deadline a matter has at its level (from the server), the hazard loop, and new uids.

export const HAZARD_LOOP = ['found', 'assigned', 'rectifying', 'rectified', 'verified', 'closed']
export const PROBLEM_FLOW = ['reported', 'accepted', 'escalated', 'resolved', 'closed']

/** The open escalation (until null) of a problem or hazard, or null while at the cell. */
export function openEscalation(item) {
  return (item.escalations ?? []).find((e) => !e.until) ?? null
}

/** Position on the ladder: 0 the cell, 1 level 4, 2 level 3, 3 level 2. */
export function ladderStep(item) {
  const open = openEscalation(item)
  if (!open) return 0
  return { 4: 1, 3: 2, 2: 3 }[open.holder.level] ?? 0
}

function addDays(isoDate, days) {
  const d = new Date(isoDate.slice(0, 10) + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The last day a matter may stay at its level: the day before the server's `escalatesOn`
 * (REDGRID_ESCALATION_DAYS), null when it is done or at the top. */
export function dueOf(item) {
  return item.escalatesOn ? addDays(item.escalatesOn, -1) : null
}

export function localToday() {
  const now = new Date()
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-')
}

/** A fresh uid for a node made here: `<prefix>-web-<yyyymmdd>-<8 random>` (after the seed's). */
export function newUid(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(5))
  const tail = Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 8)
  return `${prefix}-web-${localToday().replaceAll('-', '')}-${tail}`
}
