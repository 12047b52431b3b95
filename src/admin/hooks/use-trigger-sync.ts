import { FetchError } from "@medusajs/js-sdk"
import { toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useRef } from "react"
import type { AdminSyncRunResponse } from "../../types"
import { sdk } from "../lib/sdk"

export const isConflict = (error: unknown) =>
  error instanceof FetchError && error.status === 409

/** The active run a 409 names ("… (run psrun_…, started …)"). */
const conflictingRun = (error: unknown) => (isConflict(error) ? /\(run (\w+)/.exec((error as Error).message)?.[1] ?? null : null)

/**
 * Starts a sync (of `only` these external ids: a targeted run). `start` ignores clicks while one is on its way, and
 * `conflict` is true only when another run holds the source: a 409 for the
 * run this person's own click started (a double click) is not reported.
 */
export function useTriggerSync(source?: string, only?: string[] | null) {
  const queryClient = useQueryClient()
  const started = useRef<string | null>(null)
  const inFlight = useRef(false)
  const mutation = useMutation({
    mutationFn: () =>
      sdk.client.fetch<AdminSyncRunResponse>("/admin/sync/trigger", {
        method: "POST",
        body: { ...(source === undefined ? {} : { source }), ...(only?.length ? { only } : {}) },
      }),
    onSuccess: (data) => {
      started.current = data.run.id
      toast.success("Product sync started")
    },
    onError: (error) => {
      if (!isConflict(error)) {
        toast.error("Could not start the sync", { description: (error as Error).message })
      }
    },
    onSettled: () => {
      inFlight.current = false
      return queryClient.invalidateQueries({ queryKey: ["product-sync", "status"] })
    },
  })
  const start = () => {
    if (inFlight.current) return
    inFlight.current = true
    mutation.mutate()
  }
  const holder = conflictingRun(mutation.error)
  return { ...mutation, start, conflict: !!holder && holder !== started.current }
}
