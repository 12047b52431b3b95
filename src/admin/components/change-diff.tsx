import { Text } from "@medusajs/ui"
import type { SyncChangeDTO } from "../../types"
import { formatValue } from "../lib/format"

const percent = (change: number | null) => (change === null ? "" : ` (${change > 0 ? "+" : ""}${Math.round(change * 100)} %)`)

/** One product's change, line by line: fields from → to, variants added and removed, prices, stock. */
export const ChangeDiff = ({ change }: { change: Pick<SyncChangeDTO, "fields" | "variants" | "prices" | "stock"> }) => (
  <ul className="flex flex-col gap-1" data-testid="sync-change-diff">
    {Object.entries(change.fields).map(([field, { from, to }]) => (
      <li key={field}>
        <Text size="small" className="break-words">
          <span className="text-ui-fg-subtle">{field}:</span> {formatValue(from)} → {formatValue(to)}
        </Text>
      </li>
    ))}
    {change.variants && (
      <li>
        <Text size="small">
          <span className="text-ui-fg-subtle">variants:</span>
          {change.variants.added.length ? ` added ${change.variants.added.join(", ")}` : ""}
          {change.variants.removed.length ? ` removed ${change.variants.removed.join(", ")}` : ""}
        </Text>
      </li>
    )}
    {change.prices.map((p, i) => (
      <li key={`p${i}`}>
        <Text size="small">
          <span className="text-ui-fg-subtle">price {p.sku ?? p.variant} {p.currency_code.toUpperCase()}{p.region_id ? ` (${p.region_id})` : ""}:</span> {formatValue(p.from)} → {formatValue(p.to)}
          <span className={p.change !== null && p.change < 0 ? "text-ui-fg-error" : ""}>{percent(p.change)}</span>
        </Text>
      </li>
    ))}
    {change.stock.map((s, i) => (
      <li key={`s${i}`}>
        <Text size="small">
          <span className="text-ui-fg-subtle">stock {s.sku ?? s.variant} at {s.location}:</span> {formatValue(s.from)} → {s.to}
        </Text>
      </li>
    ))}
  </ul>
)
