import type { Readable } from "node:stream"
import type { RemoteLocation } from "./remote-url"

/** A file of the drop, as its folder lists it. */
export type RemoteFile = { name: string; size: number; mtime: Date | null }

/** How to log in to a drop: from the source's `login`, never from a request or a response. */
export type DropLogin = { password?: string; privateKey?: string; passphrase?: string; hostKey?: string }

export type DropConnectOptions = { location: RemoteLocation; login: DropLogin; timeoutMs: number }

/** One logged-in connection to an SFTP or FTP(S) server. */
export interface DropClient {
  /** The plain files of a folder. */
  list(dir: string): Promise<RemoteFile[]>
  /** The file's bytes; the stream fails when the connection drops before the last one. */
  download(path: string): Promise<Readable>
  /** Creates the folder unless it exists. */
  ensureDir(dir: string): Promise<void>
  /** Fails when `to` exists. */
  rename(from: string, to: string): Promise<void>
  close(): void
}
