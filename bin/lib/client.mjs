/** Something the command could not do: a message for people, and exit code 4. */
export class CliError extends Error {}

/**
 * The admin API of a running Medusa, authenticated as ops do it: a secret API
 * key (HTTP Basic, the key as the user name), or an admin's email and password.
 */
export async function connect({ url, apiKey, email, password }) {
  const base = (url || "http://localhost:9000").replace(/\/+$/, "")
  let authorization
  if (apiKey) {
    authorization = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`
  } else if (email && password) {
    const res = await send(`${base}/auth/user/emailpass`, { method: "POST", body: JSON.stringify({ email, password }), headers: { "content-type": "application/json" } })
    if (res.status !== 200) throw new CliError(`login as ${email} failed: ${res.data?.message ?? res.status}`)
    authorization = `Bearer ${res.data.token}`
  } else {
    throw new CliError("no credentials: set MEDUSA_API_KEY to a secret API key, or pass --email and --password (or MEDUSA_ADMIN_EMAIL and MEDUSA_ADMIN_PASSWORD)")
  }
  const headers = { authorization, "content-type": "application/json" }
  return {
    base,
    headers,
    /** `{ status, data }` of an admin API call; a network failure is a CliError. */
    request: (method, path, body) => send(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
  }
}

async function send(url, init) {
  let res
  try {
    res = await fetch(url, init)
  } catch (e) {
    throw new CliError(`cannot reach ${new URL(url).origin}: ${e.cause?.code ?? e.message}`)
  }
  const text = await res.text()
  let data = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = { message: text.slice(0, 200) }
  }
  return { status: res.status, data }
}

/** The body of a 2xx answer, else a CliError with the API's own message. */
export function expectOk({ status, data }, what) {
  if (status >= 200 && status < 300) return data
  if (status === 401) throw new CliError(`${what}: not authorized (401); check the API key or the login`)
  throw new CliError(`${what}: ${data?.message ?? `HTTP ${status}`} (${status})`)
}
