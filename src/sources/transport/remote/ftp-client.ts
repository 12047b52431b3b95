import { PassThrough, type Readable, Writable } from "node:stream"
import { Client, FTPError } from "basic-ftp"
import { SourceError } from "../../types"
import type { DropClient, DropConnectOptions, RemoteFile } from "./drop-client"

const LOGIN_REFUSED = 530

/** Logs in over FTP; `ftps://` asks for TLS before the login (explicit FTPS, AUTH TLS). */
export async function connectFtp({ location, login, timeoutMs }: DropConnectOptions): Promise<DropClient> {
  const client = new Client(timeoutMs)
  const where = `${location.user}@${location.host}:${location.port}`
  try {
    await client.access({
      host: location.host,
      port: location.port,
      user: location.user,
      password: login.password ?? location.password ?? undefined,
      secure: location.protocol === "ftps",
    })
  } catch (e) {
    client.close()
    if (e instanceof FTPError && e.code === LOGIN_REFUSED) throw new SourceError(`FTP login to ${where} was refused (check the user and "login.password")`, false)
    throw new SourceError(`FTP connection to ${where} failed: ${(e as Error).message}`, true)
  }
  return new FtpDrop(client, where)
}

class FtpDrop implements DropClient {
  constructor(
    private readonly client: Client,
    private readonly where: string
  ) {}

  async list(dir: string): Promise<RemoteFile[]> {
    const entries = await this.client.list(dir).catch((e) => {
      throw this.failure(`cannot list ${dir}`, e)
    })
    const files: RemoteFile[] = []
    for (const entry of entries.filter((entry) => entry.isFile)) {
      // LIST dates are to the minute at best; MDTM has the second when the server has it.
      const mtime = entry.modifiedAt ?? (await this.client.lastMod(`${dir.replace(/\/$/, "")}/${entry.name}`).catch(() => null))
      files.push({ name: entry.name, size: entry.size, mtime })
    }
    return files
  }

  async download(path: string): Promise<Readable> {
    const out = new PassThrough()
    // basic-ftp ends its destination when the data connection closes, which a
    // dropped transfer does too: the end is told by the control connection's answer.
    const sink = new Writable({
      write: (chunk, _encoding, done) => (out.write(chunk) ? done() : out.once("drain", () => done())),
    })
    out.once("close", () => this.close())
    this.client.downloadTo(sink, path).then(
      () => out.end(),
      (e) => out.destroy(this.failure(`the download of ${path} failed`, e, true))
    )
    return out
  }

  async ensureDir(dir: string): Promise<void> {
    const pwd = await this.client.pwd()
    await this.client.ensureDir(dir).catch((e) => {
      throw this.failure(`cannot create ${dir}`, e)
    })
    await this.client.cd(pwd)
  }

  async rename(from: string, to: string): Promise<void> {
    const exists = await this.client.size(to).then(
      () => true,
      () => false
    )
    if (exists) throw new SourceError(`FTP ${this.where}: cannot move ${from}: ${to} exists`, false)
    await this.client.rename(from, to).catch((e) => {
      throw this.failure(`cannot move ${from} to ${to}`, e)
    })
  }

  close(): void {
    this.client.close()
  }

  private failure(what: string, e: unknown, retryable = false): SourceError {
    return new SourceError(`FTP ${this.where}: ${what}: ${(e as Error).message}`, retryable || !(e instanceof FTPError))
  }
}
