import { Heading, Text } from "@medusajs/ui"
import { useState } from "react"
import type { SyncProductChangeDTO } from "../../types"
import { ChangeDiff } from "./change-diff"

const VERB = { create: "Created", update: "Changed", draft: "Drafted", remove: "Deleted" } as const

/** The last runs that changed a product, newest first: when, which run, which fields; each opens to its changes. */
export const ProductChanges = ({ changes }: { changes: SyncProductChangeDTO[] }) => {
  const [open, setOpen] = useState<string | null>(null)
  if (!changes.length) return null
  return (
    <div className="flex flex-col gap-1" data-testid="product-sync-changes">
      <Heading level="h3">Last changes by sync</Heading>
      {changes.map((c) => (
        <div key={c.run_id} className="flex flex-col gap-1">
          <button type="button" className="text-left" onClick={() => setOpen(open === c.run_id ? null : c.run_id)} data-testid="product-sync-change">
            <Text size="small">
              {new Date(c.at).toLocaleString()} · {VERB[c.action]}
              {c.changed.length ? `: ${c.changed.join(", ")}` : ""}{" "}
              <span className="text-ui-fg-muted">({c.run_id})</span>
            </Text>
          </button>
          {open === c.run_id && <ChangeDiff change={c} />}
        </div>
      ))}
    </div>
  )
}
