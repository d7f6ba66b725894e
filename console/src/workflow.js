// Shared by the report, inbox and risk pages: the escalation ladder (cell → level 4 → level 3
// → level 2), the deadline a matter has at its level, the hazard loop, and new uids.

/** Default escalation deadlines in days (cell, level 4, level 3): REDGRID_ESCALATION_DAYS. */
export const ESCALATION_DAYS = [3, 7, 15]

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

/** The day by which a matter must leave its level (null at the top, or when done). */
export function dueOf(item, kind) {
  const open = openEscalation(item)
  if (!open) {
    if (kind === 'hazard') return item.deadline ?? addDays(item.foundOn, ESCALATION_DAYS[0])
    return item.scale === 'big' ? item.reportedOn : addDays(item.reportedOn, ESCALATION_DAYS[0])
  }
  const days = { 4: ESCALATION_DAYS[1], 3: ESCALATION_DAYS[2] }[open.holder.level]
  const due = days === undefined ? null : addDays(open.since, days)
  // a hazard's own rectification deadline still counts after it went up
  if (kind === 'hazard' && item.deadline && (!due || item.deadline < due)) return item.deadline
  return due
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
