import { Button, Heading, Text, usePrompt } from "@medusajs/ui"
import type { AdminSyncRunDetailResponse } from "../../types"
import { useApplyMissing } from "../hooks/use-run-actions"

type Run = AdminSyncRunDetailResponse["run"]

const VERB = { draft: "drafted", delete: "deleted" } as const

/** Products that left the feed: what the run did with them, or the removal it held, with Apply. */
export const MissingProducts = ({ run }: { run: Run }) => {
  const prompt = usePrompt()
  const apply = useApplyMissing()
  const missing = run.missing
  if (!missing) return null
  if (missing.action === "skipped") {
    return (
      <div className="flex flex-col gap-2" data-testid="sync-run-missing">
        <Heading level="h3">Left the feed</Heading>
        <Text size="small" className="text-ui-fg-subtle">Nothing was {VERB[missing.on_missing]}: {missing.reason}.</Text>
      </div>
    )
  }
  const held = missing.action === "held"
  const onApply = async () => {
    const ok = await prompt({
      title: `${missing.on_missing === "draft" ? "Draft" : "Delete"} ${missing.count.toLocaleString()} products?`,
      description: `They were not in the feed of "${run.source}" — ${Math.round(missing.ratio * 100)} % of what it synced, more than its safety limit. Products that came back since are left alone.`,
      confirmText: missing.on_missing === "draft" ? "Draft them" : "Delete them",
    })
    if (ok) apply.mutate(run.id)
  }
  return (
    <div className="flex flex-col gap-2" data-testid="sync-run-missing">
      <div className="flex items-center justify-between">
        <Heading level="h3">Left the feed ({missing.count.toLocaleString()})</Heading>
        {held && (
          <Button size="small" variant="danger" onClick={onApply} isLoading={apply.isPending}>
            Apply
          </Button>
        )}
      </div>
      <Text size="small" className={held ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
        {held
          ? `Held: ${Math.round(missing.ratio * 100)} % of the source's products were missing, more than its safety limit, so none was ${VERB[missing.on_missing]}. Check the feed before you apply.`
          : `${VERB[missing.on_missing][0].toUpperCase()}${VERB[missing.on_missing].slice(1)}${missing.applied_at ? ` on ${new Date(missing.applied_at).toLocaleString()}` : ""}.`}
      </Text>
      <Text size="xsmall" className="text-ui-fg-muted break-all">
        {run.missing_products.map((p) => p.external_id).join(", ")}
        {missing.count > run.missing_products.length ? ` and ${(missing.count - run.missing_products.length).toLocaleString()} more` : ""}
      </Text>
    </div>
  )
}
