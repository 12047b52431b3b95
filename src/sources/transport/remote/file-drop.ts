import { createHash } from "node:crypto"
import { type Readable, Transform } from "node:stream"
import type { Paginator } from "../../pagination"
import { SourceChanged, SourceError } from "../../types"
import type { Validators } from "../open-location"
import { waitBeforeRetry } from "../backoff"
import { stallGuard } from "../stall-guard"
import type { DropClient, DropConnectOptions, DropLogin, RemoteFile } from "./drop-client"
import { connectFtp } from "./ftp-client"
import { fileLocation, matchesPattern, parseRemote, remotePathOf, type RemoteLocation, withoutPassword } from "./remote-url"
import { connectSftp } from "./sftp-client"

export type FileDropConfig = {
  url: string
  login?: DropLogin
  /** "newest": the matching file changed last; "all": every matching file, in name order. Default "newest". */
  pick?: "newest" | "all"
  /** "move:processed/": after a complete run, the files it read go to this folder (relative to the pattern's). */
  afterSync?: string
  timeoutMs: number
  pageTimeoutMs?: number
  attempts: number
  backoffMs: number
}

/**
 * An SFTP or FTP(S) folder a supplier drops files into. Its pages are the
 * files the pattern picks, listed once per read (in name order), so a resume
 * goes on with the file after its checkpoint's; a file's name, size and
 * modification time are its validators, as an ETag is an HTTP page's.
 */
export class FileDrop implements Paginator {
  readonly location: RemoteLocation
  /** Every file of the folder that matches, in name order. */
  private matching: RemoteFile[] = []
  private picked: RemoteFile[] = []
  /** Files this read went through to the end. */
  private readonly finished = new Set<string>()
  /** The checkpoint's file, when this read resumes a run. */
  private resumedAt: RemoteFile | null = null

  constructor(private readonly config: FileDropConfig) {
    this.location = parseRemote(config.url)
  }

  /** Lists the folder (with the source's retries) and picks the files to read; their locations. */
  async list(signal?: AbortSignal): Promise<string[]> {
    const files = await this.retrying(`listing ${this.describe()}`, signal, async () => {
      const client = await this.connect()
      try {
        return await client.list(this.location.dir)
      } finally {
        client.close()
      }
    })
    const matching = files.filter((f) => matchesPattern(f.name, this.location.pattern)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // Newest by time; without times (an FTP server without MDTM), the last by name.
    const newest = () => matching.reduce((a, b) => ((b.mtime?.getTime() ?? 0) >= (a.mtime?.getTime() ?? 0) ? b : a))
    this.matching = matching
    this.picked = !matching.length ? [] : this.config.pick === "all" ? matching : [newest()]
    return this.picked.map((f) => fileLocation(this.location, f.name))
  }

  /**
   * A resume goes on in its checkpoint's file: a file that left the folder
   * (or the pick) since is a changed source, to be read again from the start.
   */
  resumeAt(page: string): void {
    const name = remotePathOf(page).split("/").pop()!
    const file = this.picked.find((f) => f.name === name)
    if (!file) throw new SourceChanged(`${withoutPassword(page)} is no longer one of the files "${this.location.pattern}" picks`)
    this.resumedAt = file
  }

  /** What a file-less folder means for the run: nothing to read, not a failure. */
  get emptyReason(): string {
    const { protocol, host, dir, pattern } = this.location
    return `no file in ${protocol}://${host}${dir} matches "${pattern}"; nothing was read`
  }

  /** The picked files' names, sizes and times: equal validators mean the drop did not change. */
  get validators(): Validators | null {
    if (!this.picked.length) return null
    const hash = createHash("sha1")
    for (const f of this.picked) hash.update(`${f.name}\0${f.size}\0${f.mtime?.getTime() ?? ""}\n`)
    const newest = Math.max(...this.picked.map((f) => f.mtime?.getTime() ?? 0))
    return { etag: `"drop-${hash.digest("hex")}"`, last_modified: newest ? new Date(newest).toUTCString() : null }
  }

  first(): string {
    if (!this.picked.length) throw new SourceError(this.emptyReason, false)
    return fileLocation(this.location, this.picked[0].name)
  }

  /** The picked file after `page` in name order. */
  next({ url }: { url: string }): string | null {
    const name = remotePathOf(url).split("/").pop()!
    this.finished.add(name) // the reader asks for the next page once a page is read to its end
    const after = this.picked.find((f) => f.name > name)
    return after ? fileLocation(this.location, after.name) : null
  }

  /** One file's bytes; a transfer that ends short of the listed size fails (and is retried). */
  async open(location: string): Promise<Readable> {
    const path = remotePathOf(location)
    const name = path.split("/").pop()!
    const size = this.picked.find((f) => f.name === name)?.size ?? null
    const client = await this.connect()
    let body: Readable
    try {
      body = await client.download(path)
    } catch (e) {
      client.close()
      throw e
    }
    const checked = body.pipe(sizeCheck(size, withoutPassword(location)))
    body.once("error", (e) => checked.destroy(e instanceof SourceError ? e : new SourceError(`reading ${withoutPassword(location)} failed: ${e.message}`, true)))
    checked.once("close", () => {
      body.destroy()
      client.close()
    })
    return stallGuard(checked, { timeoutMs: this.config.timeoutMs, pageTimeoutMs: this.config.pageTimeoutMs }, location)
  }

  /**
   * After a complete run: moves what the run chain read (`afterSync`) — the
   * files this read finished, on a resume also the picked files before its
   * checkpoint's that are no newer than it (an earlier run of the chain read
   * them), and with `pick: "newest"` the older matching files it supersedes.
   * A note for the run, or null.
   */
  async afterSync({ failed }: { failed: number }): Promise<string | null> {
    const move = /^move:(.+)$/.exec(this.config.afterSync ?? "")
    // A record that failed is read again only if its file stays where the source reads.
    if (move && failed) return `the files were left in place: ${failed} item${failed > 1 ? "s" : ""} failed (the next run reads them again)`
    const time = (f: RemoteFile) => f.mtime?.getTime() ?? 0
    const read = this.picked.filter((f) => this.finished.has(f.name) || (this.resumedAt && f.name < this.resumedAt.name && time(f) <= time(this.resumedAt)))
    if (!move || !read.length) return null
    const newest = this.config.pick === "all" ? null : read[0]
    const done = newest ? this.matching.filter((f) => f === newest || time(f) <= time(newest)) : read
    const dir = this.location.dir.replace(/\/$/, "")
    const target = move[1].startsWith("/") ? move[1].replace(/\/$/, "") : `${dir}/${move[1].replace(/\/$/, "")}`
    const moved: string[] = []
    try {
      const client = await this.connect()
      try {
        await client.ensureDir(target)
        for (const f of done) {
          // A file of the same name moved before (a daily "products.csv") gets the time of this move in its name.
          await client.rename(`${dir}/${f.name}`, `${target}/${f.name}`).catch(() => client.rename(`${dir}/${f.name}`, `${target}/${stamped(f.name)}`))
          moved.push(f.name)
        }
      } finally {
        client.close()
      }
      return `moved ${moved.join(", ")} to ${target}`
    } catch (e) {
      const before = moved.length ? `moved ${moved.join(", ")} to ${target}; ` : ""
      return `${before}"afterSync" could not move the rest: ${(e as Error).message}`
    }
  }

  private connect(): Promise<DropClient> {
    const options: DropConnectOptions = {
      location: this.location,
      login: { ...this.config.login, password: this.config.login?.password ?? this.location.password ?? undefined },
      timeoutMs: this.config.timeoutMs,
    }
    return this.location.protocol === "sftp" ? connectSftp(options) : connectFtp(options)
  }

  private describe(): string {
    return withoutPassword(this.config.url)
  }

  private async retrying<T>(what: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work()
      } catch (e) {
        const retryable = !(e instanceof SourceError) || e.retryable
        if (!retryable || attempt >= this.config.attempts || signal?.aborted) {
          const reason = e instanceof SourceError ? e.message : `${what} failed: ${(e as Error).message}`
          throw new SourceError(`${reason} (after ${attempt} attempt${attempt > 1 ? "s" : ""})`, false)
        }
        await waitBeforeRetry(this.config.backoffMs, attempt)
      }
    }
  }
}

/** Passes the bytes on and fails a transfer that ends before `size` bytes (a dropped connection can look like an end). */
function sizeCheck(size: number | null, described: string): Transform {
  let received = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length
      done(null, chunk)
    },
    flush(done) {
      if (size !== null && received < size) done(new SourceError(`the transfer of ${described} ended after ${received} of ${size} bytes`, true))
      else done()
    },
  })
}

/** `products.csv` → `products.2026-11-30T04-30-00-000Z.csv`. */
function stamped(name: string): string {
  const dot = name.lastIndexOf(".")
  const stamp = new Date().toISOString().replace(/[:.]/g, "-")
  return dot > 0 ? `${name.slice(0, dot)}.${stamp}${name.slice(dot)}` : `${name}.${stamp}`
}
