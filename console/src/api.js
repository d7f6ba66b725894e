// The console's only way to the server: the sign-in endpoints and the public GraphQL API.
// The session lives in an HttpOnly cookie the page cannot read; every GraphQL request echoes
// the session's CSRF token (from the sign-in answer) as X-CSRF-Token.
import { reactive } from 'vue'

/** Who is signed in: null until known, then {username, role, person, csrfToken}. */
export const session = reactive({ user: null, checked: false })

/** A failed GraphQL request: the first error's message and its extensions.code. */
export class ApiError extends Error {
  constructor(message, code, status) {
    super(message)
    this.code = code
    this.status = status
  }
}

const listeners = new Set()
/** Called with no argument when the server says the session is over (401). */
export function onSignedOut(listener) {
  listeners.add(listener)
}

/** Forget a session the server has ended: the user, and the readable CSRF cookie (so a
 * reload does not ask the server about a session that is gone). */
export function forgetSession() {
  session.user = null
  document.cookie = 'redgrid_csrf=; Max-Age=0; Path=/; SameSite=Strict'
}

function signedOut() {
  forgetSession()
  for (const listener of listeners) listener()
}

async function detail(response) {
  try {
    const body = await response.json()
    return typeof body.detail === 'string' ? body.detail : response.statusText
  } catch {
    return response.statusText
  }
}

/** Ask the server whether the cookie still holds a session (after a reload). Without the
 * session's readable CSRF cookie there is none, and nothing is asked. */
export async function restoreSession() {
  session.checked = true
  if (!document.cookie.split('; ').some((c) => c.startsWith('redgrid_csrf='))) {
    session.user = null
    return null
  }
  const response = await fetch('/auth/session', { credentials: 'same-origin' })
  session.user = response.ok ? await response.json() : null
  session.checked = true
  return session.user
}

export async function signIn(username, password) {
  const response = await fetch('/auth/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!response.ok) throw new ApiError(await detail(response), 'UNAUTHENTICATED', response.status)
  session.user = await response.json()
  session.checked = true
  return session.user
}

export async function signOut() {
  const token = session.user?.csrfToken
  await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: token ? { 'x-csrf-token': token } : {},
  })
  signedOut()
}

/**
 * Run a GraphQL operation and return its data; throws ApiError for a refused request or for
 * errors in the answer (partial data is not shown as if it were whole).
 */
export async function gql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'x-csrf-token': session.user?.csrfToken ?? '',
    },
    body: JSON.stringify({ query, variables }),
  })
  if (response.status === 401) {
    signedOut()
    throw new ApiError(await detail(response), 'UNAUTHENTICATED', 401)
  }
  let body
  try {
    body = await response.json()
  } catch {
    throw new ApiError(response.statusText, 'HTTP_' + response.status, response.status)
  }
  if (body.errors?.length) {
    const first = body.errors[0]
    throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', response.status)
  }
  if (!response.ok) throw new ApiError(body.detail ?? response.statusText, 'HTTP_' + response.status, response.status)
  return body.data
}
