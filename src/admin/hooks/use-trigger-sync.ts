import { FetchError } from "@medusajs/js-sdk"
import { toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import type { AdminSyncRunResponse } from "../../types"
import { sdk } from "../lib/sdk"
import { syncStatusQueryKey } from "./use-sync-status"

export const isConflict = (error: unknown) =>
  error instanceof FetchError && error.status === 409

/**
 * Starts a sync. A 409 is not a failure for the person clicking: a run is
 * already going, so the status is refetched to show that run instead.
 */
export function useTriggerSync(source = "default") {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<AdminSyncRunResponse>("/admin/sync/trigger", {
        method: "POST",
        body: { source },
      }),
    onSuccess: () => toast.success("Product sync started"),
    onError: (error) => {
      if (!isConflict(error)) {
        toast.error("Could not start the sync", { description: (error as Error).message })
      }
    },
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: syncStatusQueryKey(source) }),
  })
}
