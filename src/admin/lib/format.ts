import type { SyncChangeRisk, SyncRunDTO } from "../../types"

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })

export function formatDuration(ms: number | null): string {
  if (ms === null) return "–"
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`
}

export function formatAgo(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - new Date(iso).getTime()) / 60_000)
  if (minutes < 1) return "just now"
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"} ago`
  return `${Math.round(hours / 24)} days ago`
}

export type Outcome = { label: string; color: "green" | "orange" | "red" | "blue" | "grey" }

/** The badge of a run: a completed run with item errors is not plain green. */
export function outcomeOf(run: SyncRunDTO | null): Outcome {
  if (!run) return { label: "Never run", color: "grey" }
  switch (run.status) {
    case "running":
      return { label: "Running", color: "blue" }
    case "completed":
      return run.stats.failed > 0
        ? { label: "Completed with errors", color: "orange" }
        : { label: "Completed", color: "green" }
    case "failed":
      return { label: "Failed", color: "red" }
    case "cancelled":
      return { label: "Cancelled", color: "grey" }
    case "interrupted":
      return { label: "Interrupted", color: "orange" }
  }
}

/** A changed field's value as a line of text: lists joined, nothing as a dash. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "–"
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ") : "–"
  return typeof value === "string" ? value : JSON.stringify(value)
}

/** What each risk of a change log means, as the Changes tab says it. */
export const RISK_LABELS: Record<SyncChangeRisk, string> = {
  price_drop: "with a price falling by more than the source's riskyPriceDrop",
  stock_lost: "losing all their stock",
  draft: "going to draft",
  remove: "deleted",
}
