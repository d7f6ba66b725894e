// Which console page shows a node of a given kind (GraphQL __typename or search kind).
const UNIT_KINDS = new Set(['Net', 'Cell', 'MicroCell'])

/** The route to the page of node `uid` of kind `kind`. */
export function pageOf(kind, uid) {
  if (kind === 'Person') return { name: 'person', params: { uid } }
  if (UNIT_KINDS.has(kind)) return { name: 'tree', params: { uid } }
  return { name: 'object', params: { uid } }
}
