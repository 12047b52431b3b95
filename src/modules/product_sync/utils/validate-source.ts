import { MedusaError } from "@medusajs/framework/utils"
import { REQUIRED_ON_CREATE, SYNCABLE_FIELDS } from "../../../feed/product-fields"
import { scheduleProblem } from "./schedule"
import { PRESETS } from "../../../sources/presets"
import { isHttp } from "../../../sources/transport/location"
import { isRemote, parseRemote } from "../../../sources/transport/remote/remote-url"
import type { FeedSourceOptions } from "../../../types"

const FORMATS = ["json", "ndjson", "csv", "xml", "xlsx"]
const PAGINATIONS = ["next", "link-header", "offset", "page", "cursor"]

const isPositiveInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v > 0
const isOptionalString = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() !== "")

/**
 * Checks one source's options at boot, so a typo in medusa-config.ts is an
 * error with the option's name rather than a failed run at 3 a.m.
 */
export function validateSource(name: string, source: FeedSourceOptions): void {
  const problems: string[] = []
  const check = (ok: boolean, problem: string) => ok || problems.push(problem)
  if (!source || typeof source.url !== "string" || !source.url.trim()) {
    problems.push(`needs a "url" (an http(s) URL or a file path)`)
  } else {
    const http = isHttp(source.url)
    if (http) check(URL.canParse(source.url), `"url" is not a valid URL`)
    checkDrop(source, check)
    const pagination = source.pagination
    if (pagination !== undefined) {
      check(PAGINATIONS.includes(pagination?.type), `"pagination.type" must be one of ${PAGINATIONS.join(", ")}`)
      check(http || pagination?.type === "next", `"pagination" of type "${pagination?.type}" needs an http(s) URL`)
      if (pagination?.type === "offset") check(isPositiveInt(pagination.limit), `"pagination.limit" must be a positive integer`)
      if (pagination?.type === "cursor") {
        check(isOptionalString(pagination.path) && !!pagination.path, `"pagination.path" must name the body's cursor field`)
        check(isOptionalString(pagination.param) && !!pagination.param, `"pagination.param" must name the query parameter of the cursor`)
      }
      if (pagination?.type === "page") {
        check(pagination.size === undefined || isPositiveInt(pagination.size), `"pagination.size" must be a positive integer`)
        check(pagination.first === undefined || Number.isInteger(pagination.first), `"pagination.first" must be an integer`)
      }
    }
    if (source.incremental !== undefined) {
      check(http, `"incremental" needs an http(s) URL`)
      check(isOptionalString(source.incremental?.param) && !!source.incremental?.param, `"incremental.param" must name a query parameter`)
      check([undefined, "iso", "unix"].includes(source.incremental?.format), `"incremental.format" must be "iso" or "unix"`)
      const overlap = source.incremental?.overlapSeconds
      check(overlap === undefined || (Number.isInteger(overlap) && overlap >= 0), `"incremental.overlapSeconds" must be a whole number of seconds, 0 or more`)
    }
  }
  check(source.format === undefined || FORMATS.includes(source.format), `"format" must be one of ${FORMATS.join(", ")}`)
  check(isOptionalString(source.items), `"items" must be a non-empty string`)
  check(isOptionalString(source.targetedParam), `"targetedParam" must name a query parameter`)
  check(source.targetedParam === undefined || isHttp(source.url), `"targetedParam" needs an http(s) URL`)
  check(
    source.sheet === undefined || (typeof source.sheet === "number" ? Number.isInteger(source.sheet) && source.sheet > 0 : isOptionalString(source.sheet)),
    `"sheet" must be a sheet's name or its position (1 = the first)`
  )
  check(source.preset === undefined || source.preset in PRESETS, `"preset" must be one of ${Object.keys(PRESETS).join(", ")}`)
  check(source.map === undefined || typeof source.map === "function", `"map" must be a function`)
  check(source.currency === undefined || /^[a-zA-Z]{3}$/.test(source.currency), `"currency" must be a 3-letter ISO code`)
  check(source.maxPages === undefined || isPositiveInt(source.maxPages), `"maxPages" must be a positive integer`)
  check([undefined, "link", "rehost"].includes(source.images), `"images" must be "link" or "rehost"`)
  check(source.maxImageBytes === undefined || isPositiveInt(source.maxImageBytes), `"maxImageBytes" must be a positive integer`)
  check(source.maxRecordBytes === undefined || isPositiveInt(source.maxRecordBytes), `"maxRecordBytes" must be a positive integer`)
  check(
    source.allowedHosts === undefined || (Array.isArray(source.allowedHosts) && source.allowedHosts.every((h) => typeof h === "string" && h.trim())),
    `"allowedHosts" must be a list of host names`
  )
  check(source.csv?.delimiter === undefined || (typeof source.csv.delimiter === "string" && source.csv.delimiter.length === 1), `"csv.delimiter" must be one character`)
  check(isOptionalString(source.csv?.groupBy), `"csv.groupBy" must name a column`)
  check(source.csv?.adjacent === undefined || typeof source.csv.adjacent === "boolean", `"csv.adjacent" must be true or false`)
  check(isOptionalString(source.stockLocation), `"stockLocation" must be a stock location's name or id`)
  check([undefined, "keep", "draft", "delete"].includes(source.onMissing), `"onMissing" must be "keep", "draft" or "delete"`)
  check(
    source.maxMissingRatio === undefined || (typeof source.maxMissingRatio === "number" && source.maxMissingRatio >= 0 && source.maxMissingRatio <= 1),
    `"maxMissingRatio" must be a number from 0 to 1`
  )
  check(source.concurrency === undefined || isPositiveInt(source.concurrency), `"concurrency" must be a positive integer`)
  check(source.changeLog === undefined || typeof source.changeLog === "boolean", `"changeLog" must be true or false`)
  check(
    source.riskyPriceDrop === undefined || (typeof source.riskyPriceDrop === "number" && source.riskyPriceDrop > 0 && source.riskyPriceDrop <= 1),
    `"riskyPriceDrop" must be a number above 0, at most 1 (0.5: a price halved)`
  )
  const schedule = scheduleProblem(source.schedule)
  if (schedule) problems.push(schedule)
  check(source.enabled === undefined || typeof source.enabled === "boolean", `"enabled" must be true or false`)
  checkHeaders(source, check)
  checkFields(source, check)
  check([undefined, "feed", "store"].includes(source.onConflict), `"onConflict" must be "feed" or "store"`)
  const preset = source.preset && PRESETS[source.preset]
  if (preset && preset.requires?.includes("currency") && !source.map) {
    check(!!source.currency, `preset "${source.preset}" needs "currency" (its prices carry none)`)
  }
  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_ARGUMENT, `medusa-product-sync: source "${name}": ${problems.join("; ")}`)
  }
}

/** sftp/ftp(s) sources: a host and a file (pattern), drop options only on drops. */
function checkDrop(source: FeedSourceOptions, check: (ok: boolean, problem: string) => void): void {
  const remote = isRemote(source.url)
  if (remote) {
    const valid = URL.canParse(source.url)
    check(valid, `"url" is not a valid URL`)
    const drop = valid ? parseRemote(source.url) : null
    check(!drop || (!!drop.host && !!drop.pattern), `"url" must name a host and a file or pattern ("sftp://user@host/exports/products-*.csv")`)
    check(source.pagination === undefined, `"pagination" does not apply to an sftp/ftp source: its pages are the files "pick" chooses`)
  }
  for (const option of ["login", "pick", "afterSync"] as const) {
    check(remote || source[option] === undefined, `"${option}" applies only to an sftp://, ftp:// or ftps:// "url"`)
  }
  const login = source.login
  check(login === undefined || (!!login && typeof login === "object" && !Array.isArray(login)), `"login" must be an object`)
  for (const key of ["password", "privateKey", "passphrase", "hostKey"] as const) {
    check(login?.[key] === undefined || typeof login[key] === "string", `"login.${key}" must be a string (its value is not shown)`)
  }
  check(login?.hostKey === undefined || /^SHA256:[A-Za-z0-9+/]+=*$/.test(login.hostKey), `"login.hostKey" must be a fingerprint as "ssh-keygen -lf" prints it ("SHA256:…")`)
  check([undefined, "newest", "all"].includes(source.pick), `"pick" must be "newest" or "all"`)
  check(source.afterSync === undefined || /^move:\S+$/.test(source.afterSync), `"afterSync" must be "move:<folder>" ("move:processed/")`)
}

// RFC 9110 token characters; a value is one line (undici would echo a bad one, secret included, in its error).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const BAD_HEADER_VALUE = /[\r\n\0]/

/** `headers`: valid names, one-line string values. A value is never repeated in the message: it may be a secret. */
function checkHeaders(source: FeedSourceOptions, check: (ok: boolean, problem: string) => void): void {
  const headers = source.headers
  if (headers === undefined) return
  if (!headers || typeof headers !== "object" || Array.isArray(headers)) {
    check(false, `"headers" must map header names to values`)
    return
  }
  for (const [name, value] of Object.entries(headers)) {
    check(HEADER_NAME.test(name), `"headers" has an invalid header name "${name.replace(/[^\x20-\x7e]/g, "?")}"`)
    check(typeof value === "string" && !BAD_HEADER_VALUE.test(value), `"headers.${name}" must be a single-line string (its value is not shown)`)
  }
}

const OWNERSHIPS = ["sync", "create", "ignore"]

/** `fields`: known field names, each owned in a known way; a product cannot be created without a title. */
function checkFields(source: FeedSourceOptions, check: (ok: boolean, problem: string) => void): void {
  const fields = source.fields
  if (fields === undefined) return
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) {
    check(false, `"fields" must map field names to "sync", "create" or "ignore"`)
    return
  }
  for (const [field, owner] of Object.entries(fields)) {
    if (!(SYNCABLE_FIELDS as readonly string[]).includes(field)) check(false, `"fields.${field}" is not a field a sync writes (${SYNCABLE_FIELDS.join(", ")})`)
    else check(OWNERSHIPS.includes(owner as string), `"fields.${field}" must be "sync", "create" or "ignore"`)
    check(!(REQUIRED_ON_CREATE as string[]).includes(field) || owner !== "ignore", `"fields.${field}" cannot be "ignore": a product is not created without it (use "create")`)
  }
}
