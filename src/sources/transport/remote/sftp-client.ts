import { createHash } from "node:crypto"
import type { Readable } from "node:stream"
import { Client, type SFTPWrapper } from "ssh2"
import { SourceError } from "../../types"
import type { DropClient, DropConnectOptions, RemoteFile } from "./drop-client"

const S_IFMT = 0o170000
const S_IFREG = 0o100000

/** Logs in over SSH and opens its SFTP subsystem. */
export async function connectSftp({ location, login, timeoutMs }: DropConnectOptions): Promise<DropClient> {
  const client = new Client()
  const where = `${location.user}@${location.host}:${location.port}`
  let hostKeyRefused = false
  await new Promise<void>((resolve, reject) => {
    client.once("ready", () => resolve())
    client.once("error", (e: Error & { level?: string }) => {
      if (hostKeyRefused) reject(new SourceError(`SFTP ${where}: the server's host key is not the configured "login.hostKey"`, false))
      else if (e.level === "client-authentication") reject(new SourceError(`SFTP login to ${where} was refused (check the user, "login.password" or "login.privateKey")`, false))
      else reject(new SourceError(`SFTP connection to ${where} failed: ${e.message}`, true))
    })
    client.connect({
      host: location.host,
      port: location.port,
      username: location.user,
      password: login.password,
      privateKey: login.privateKey,
      passphrase: login.passphrase,
      readyTimeout: timeoutMs,
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
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    client.sftp((e, s) => (e ? reject(new SourceError(`SFTP ${where}: the server offers no SFTP: ${e.message}`, false)) : resolve(s)))
  )
  return new SftpDrop(client, sftp, where)
}

class SftpDrop implements DropClient {
  constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    private readonly where: string
  ) {}

  list(dir: string): Promise<RemoteFile[]> {
    return new Promise((resolve, reject) =>
      this.sftp.readdir(dir, (e, entries) => {
        if (e) return reject(new SourceError(`SFTP ${this.where}: cannot list ${dir}: ${e.message}`, false))
        resolve(
          entries
            .filter((entry) => (entry.attrs.mode & S_IFMT) === S_IFREG)
            .map((entry) => ({ name: entry.filename, size: entry.attrs.size, mtime: new Date(entry.attrs.mtime * 1000) }))
        )
      })
    )
  }

  async download(path: string): Promise<Readable> {
    const stream = this.sftp.createReadStream(path)
    // The connection is the stream's: it closes with it.
    stream.once("close", () => this.close())
    return stream
  }

  async ensureDir(dir: string): Promise<void> {
    const exists = await new Promise<boolean>((resolve) => this.sftp.stat(dir, (e) => resolve(!e)))
    if (exists) return
    await new Promise<void>((resolve, reject) =>
      this.sftp.mkdir(dir, (e) => (e ? reject(new SourceError(`SFTP ${this.where}: cannot create ${dir}: ${e.message}`, false)) : resolve()))
    )
  }

  rename(from: string, to: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.sftp.rename(from, to, (e) => (e ? reject(new SourceError(`SFTP ${this.where}: cannot move ${from} to ${to}: ${e.message}`, false)) : resolve()))
    )
  }

  close(): void {
    this.client.end()
  }
}
