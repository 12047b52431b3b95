import { createHash } from "node:crypto"
import type { Readable } from "node:stream"
import { Client, type FileEntryWithStats, type SFTPWrapper } from "ssh2"
import { SourceError } from "../../types"
import type { DropClient, DropConnectOptions, RemoteFile } from "./drop-client"

const S_IFMT = 0o170000
const S_IFREG = 0o100000

/** Logs in over SSH and opens its SFTP subsystem; the connection is closed on every failure. */
export async function connectSftp({ location, login, timeoutMs }: DropConnectOptions): Promise<DropClient> {
  const client = new Client()
  const where = `${location.user}@${location.host}:${location.port}`
  let hostKeyRefused = false
  let connecting: ((e: SourceError) => void) | null = null
  // For the connection's whole life: ssh2 may emit a second error after the
  // first (a timeout, then "connection lost"), and an error without a listener would end the process.
  client.on("error", (e: Error & { level?: string }) => {
    if (!connecting) return // a failure after connecting reaches the request or stream it breaks
    if (hostKeyRefused) connecting(new SourceError(`SFTP ${where}: the server's host key is not the configured "login.hostKey"`, false))
    else if (e.level === "client-authentication") connecting(new SourceError(`SFTP login to ${where} was refused (check the user, "login.password" or "login.privateKey")`, false))
    else connecting(new SourceError(`SFTP connection to ${where} failed: ${e.message}`, true))
  })
  try {
    await new Promise<void>((resolve, reject) => {
      connecting = reject
      client.once("ready", () => resolve())
      client.once("close", () => reject(new SourceError(`SFTP connection to ${where} closed before the login`, true)))
      client.connect({
        host: location.host,
        port: location.port,
        username: location.user,
        password: login.password,
        privateKey: login.privateKey,
        passphrase: login.passphrase,
        readyTimeout: timeoutMs,
        // A server that stops answering after the login is found out, not waited for.
        keepaliveInterval: Math.max(1000, Math.floor(timeoutMs / 3)),
        keepaliveCountMax: 3,
        // Pinned when configured, as `ssh-keygen -lf` prints it ("SHA256:…").
        hostVerifier: login.hostKey
          ? (key: Buffer) => {
              const ok = `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}` === login.hostKey!.replace(/=+$/, "")
              hostKeyRefused = !ok
              return ok
            }
          : undefined,
      })
    })
    const sftp = await timed(
      timeoutMs,
      `SFTP ${where}: no SFTP session within ${timeoutMs} ms`,
      new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((e, s) => (e ? reject(new SourceError(`SFTP ${where}: the server offers no SFTP: ${e.message}`, false)) : resolve(s)))
      )
    )
    connecting = null
    return new SftpDrop(client, sftp, where, timeoutMs)
  } catch (e) {
    connecting = null
    client.end()
    throw e
  }
}

class SftpDrop implements DropClient {
  constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    private readonly where: string,
    private readonly timeoutMs: number
  ) {}

  list(dir: string): Promise<RemoteFile[]> {
    return this.request<FileEntryWithStats[]>(`cannot list ${dir}`, false, (done) => this.sftp.readdir(dir, done)).then((entries) =>
      entries
        .filter((entry) => (entry.attrs.mode & S_IFMT) === S_IFREG)
        .map((entry) => ({ name: entry.filename, size: entry.attrs.size, mtime: new Date(entry.attrs.mtime * 1000) }))
    )
  }

  async download(path: string): Promise<Readable> {
    return this.sftp.createReadStream(path)
  }

  async ensureDir(dir: string): Promise<void> {
    const exists = await this.request<boolean>(`cannot look at ${dir}`, false, (done) => this.sftp.stat(dir, (e) => done(undefined, !e)))
    if (!exists) await this.request<void>(`cannot create ${dir}`, false, (done) => this.sftp.mkdir(dir, (e) => done(e)))
  }

  async rename(from: string, to: string): Promise<void> {
    await this.request<void>(`cannot move ${from} to ${to}`, false, (done) => this.sftp.rename(from, to, (e) => done(e)))
  }

  close(): void {
    this.client.end()
  }

  /** One SFTP request, bounded in time: a server that stops answering fails it (and the connection). */
  private request<T>(what: string, retryable: boolean, call: (done: (e: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    const answered = new Promise<T>((resolve, reject) =>
      call((e, value) => (e ? reject(new SourceError(`SFTP ${this.where}: ${what}: ${e.message}`, retryable)) : resolve(value as T)))
    )
    return timed(this.timeoutMs, `SFTP ${this.where}: ${what}: no answer within ${this.timeoutMs} ms`, answered).catch((e) => {
      if (e instanceof TimeoutError) this.close()
      throw e
    })
  }
}

class TimeoutError extends SourceError {}

function timed<T>(ms: number, message: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimeoutError(message, true)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
