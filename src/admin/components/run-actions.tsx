import { Button, usePrompt } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { useCancelRun, useResumeRun } from "../hooks/use-run-actions"

/** Cancel (running) or Resume (failed, interrupted, not yet resumed), each after a confirmation. */
export const RunActions = ({ run, resumedBy = null }: { run: SyncRunDTO; resumedBy?: string | null }) => {
  const prompt = usePrompt()
  const cancel = useCancelRun()
  const resume = useResumeRun()

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
  if ((run.status === "failed" || run.status === "interrupted") && !resumedBy) {
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
      <Button size="small" variant="secondary" onClick={onResume} isLoading={resume.isPending} aria-label="Resume sync">
        Resume
      </Button>
    )
  }
  return null
}
