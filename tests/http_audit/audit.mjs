// Runs graphql-http's server audits (GraphQL over HTTP) against a live RedGrid server.
// Usage: node audit.mjs URL   (the bearer token in REDGRID_TOKEN: every audit request carries it)
// Prints one line per audit and a JSON summary last; exits 0 whatever the results.
import { serverAudits } from 'graphql-http';

const [url] = process.argv.slice(2);
const token = process.env.REDGRID_TOKEN;
if (!url || !token) {
  console.error('usage: REDGRID_TOKEN=... node audit.mjs URL');
  process.exit(2);
}

function fetchWithToken(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

const counts = { MUST: [0, 0], SHOULD: [0, 0], MAY: [0, 0] };
const failed = [];
for (const { id, name, fn } of serverAudits({ url, fetchFn: fetchWithToken })) {
  const result = await fn();
  const level = name.split(' ')[0];
  counts[level][1] += 1;
  if (result.status === 'ok') counts[level][0] += 1;
  else failed.push({ id, name, reason: result.reason });
  console.log(`${result.status.padEnd(6)} ${id} ${name}${result.status === 'ok' ? '' : ` — ${result.reason}`}`);
}
console.log(JSON.stringify({ counts, failed }));
