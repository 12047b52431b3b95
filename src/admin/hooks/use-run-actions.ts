import { toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import type { AdminSyncRunResponse } from "../../types"
import { sdk } from "../lib/sdk"
import { isConflict } from "./use-trigger-sync"

const useRunAction = (action: "cancel" | "resume" | "apply-missing" | "retry-failed", success: string) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminSyncRunResponse>(`/admin/sync/runs/${id}/${action}`, { method: "POST" }),
    onSuccess: () => toast.success(success),
    onError: (error) =>
      toast.error(
        isConflict(error) ? "Another sync is running" : `Could not ${action.replace("-", " ")} the run`,
        { description: (error as Error).message }
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["product-sync"] }),
  })
}

/** Asks a running run to stop at its next batch. */
export const useCancelRun = () => useRunAction("cancel", "Cancelling: the run stops after its current batch")

/** Continues a failed or interrupted run from its checkpoint. */
export const useResumeRun = () => useRunAction("resume", "Sync resumed from its checkpoint")

/** Starts a targeted run of the items a run could not sync. */
export const useRetryFailed = () => useRunAction("retry-failed", "Retrying the failed items in a new run")

/** Drafts or deletes the products a run's safety breaker held. */
export const useApplyMissing = () => useRunAction("apply-missing", "The held removal was applied")
