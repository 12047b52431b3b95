import { createHash } from "node:crypto"
import { recordId } from "./map-record"

/**
 * What names a raw record across two reads of its page: its id where one can
 * be read (so a price change does not count as a different record), else a
 * digest of its content.
 */
export function recordKey(value: unknown): string {
  return recordId(value) ?? `#${createHash("sha1").update(JSON.stringify(value) ?? "").digest("hex").slice(0, 16)}`
}
