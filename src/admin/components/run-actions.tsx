import { Button, usePrompt } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { isResumableStatus } from "../../types/run-rules"
import { useCancelRun, useResumeRun, useRetryFailed } from "../hooks/use-run-actions"

/**
 * Cancel (running) or Resume (failed, interrupted, not yet resumed), each
 * after a confirmation; Retry failed items for an ended run with item errors.
 */
export const RunActions = ({ run, resumedBy = null }: { run: SyncRunDTO; resumedBy?: string | null }) => {
  const prompt = usePrompt()
  const cancel = useCancelRun()
  const resume = useResumeRun()
  const retry = useRetryFailed()
  const retryButton =
    run.status !== "running" && run.stats.failed > 0 && !run.dry_run ? (
      <Button size="small" variant="secondary" onClick={() => retry.mutate(run.id)} isLoading={retry.isPending} aria-label="Retry failed items">
        Retry {run.stats.failed.toLocaleString()} failed
      </Button>
    ) : null

  if (run.status === "running") {
    const onCancel = async () => {
      const ok = await prompt({
        title: "Cancel this sync?",
        description: "The run stops after its current batch. Products it already wrote stay.",
        confirmText: "Cancel sync",
        cancelText: "Keep running",
      })
      if (ok) cancel.mutate(run.id)
    }
    return (
      <Button size="small" variant="danger" onClick={onCancel} isLoading={cancel.isPending} aria-label="Cancel sync">
        Cancel
      </Button>
    )
  }
  if (isResumableStatus(run.status) && !resumedBy) {
    const onResume = async () => {
      const ok = await prompt({
        title: "Resume this sync?",
        description: `A new run continues after item ${run.progress.processed.toLocaleString()}, where this one stopped.`,
        confirmText: "Resume",
        variant: "confirmation",
      })
      if (ok) resume.mutate(run.id)
    }
    return (
      <div className="flex gap-x-2">
        {retryButton}
        <Button size="small" variant="secondary" onClick={onResume} isLoading={resume.isPending} aria-label="Resume sync">
          Resume
        </Button>
      </div>
    )
  }
  return retryButton
}
