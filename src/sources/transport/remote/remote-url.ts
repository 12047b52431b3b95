import { SourceError } from "../../types"

export type RemoteProtocol = "sftp" | "ftp" | "ftps"

/** A file drop as configured: `sftp://user@host:22/exports/products-*.csv`. */
export type RemoteLocation = {
  protocol: RemoteProtocol
  host: string
  port: number
  user: string
  /** From the URL; the source's `login.password` wins. */
  password: string | null
  /** The folder the pattern is matched in, "/exports". */
  dir: string
  /** The file name or a pattern with `*` and `?` ("products-*.csv"). */
  pattern: string
}

const REMOTE = /^(sftp|ftps?):\/\//i
const DEFAULT_PORTS: Record<RemoteProtocol, number> = { sftp: 22, ftp: 21, ftps: 21 }

export const isRemote = (location: string) => REMOTE.test(location)

export function parseRemote(location: string): RemoteLocation {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    throw new SourceError(`"${withoutPassword(location)}" is not a valid URL`, false)
  }
  const protocol = url.protocol.slice(0, -1).toLowerCase() as RemoteProtocol
  // Not url.pathname: a pattern's "?" would start a query.
  const path = decodeURIComponent(/^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(location)?.[1] ?? "/")
  const slash = path.lastIndexOf("/")
  return {
    protocol,
    host: url.hostname,
    port: url.port ? Number(url.port) : DEFAULT_PORTS[protocol],
    user: decodeURIComponent(url.username) || (protocol === "sftp" ? "" : "anonymous"),
    password: url.password ? decodeURIComponent(url.password) : null,
    dir: path.slice(0, slash) || "/",
    pattern: path.slice(slash + 1),
  }
}

/** The URL of one file of the drop, as pages and checkpoints name it: never with a password. */
export function fileLocation(drop: RemoteLocation, name: string): string {
  const user = drop.user ? `${encodeURIComponent(drop.user)}@` : ""
  const dir = drop.dir === "/" ? "" : drop.dir
  const path = `${dir}/${name}`.split("/").map(encodeURIComponent).join("/")
  return `${drop.protocol}://${user}${drop.host}:${drop.port}${path}`
}

/** The path on the server of a page's file. */
export const remotePathOf = (location: string) => decodeURIComponent(new URL(location).pathname)

/** A remote URL as messages and the API show it: the user stays, the password goes. */
export function withoutPassword(location: string): string {
  const parts = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/is.exec(location)
  // The user info ends at the authority's last "@", as URL parsers read it: a password may hold an "@".
  const at = parts ? parts[2].lastIndexOf("@") : -1
  if (!parts || at < 0) return location
  return `${parts[1]}${parts[2].slice(0, at).split(":")[0]}@${parts[2].slice(at + 1)}${parts[3]}`
}

/** Whether a file name matches the drop's pattern (`*` any run of characters, `?` one). */
export function matchesPattern(name: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")
  return new RegExp(`^${source}$`).test(name)
}
