import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"

/**
 * One EventSource per admin tab, shared by every component that follows the
 * sync (a browser allows six connections per origin; a page has a card per
 * source). A run event makes the status queries read again at once.
 */
let stream: EventSource | null = null
let open = false
const followers = new Set<(open: boolean) => void>()
const onRun = new Set<() => void>()

function connect() {
  // The admin's backend URL may be "/" (same origin), which URL does not take as a base.
  const base = __BACKEND_URL__ && __BACKEND_URL__ !== "/" ? __BACKEND_URL__ : window.location.origin
  stream = new EventSource(new URL("/admin/sync/stream", base), { withCredentials: true })
  stream.onopen = () => setOpen(true)
  // EventSource reconnects by itself; until it does, the queries poll.
  stream.onerror = () => setOpen(false)
  stream.addEventListener("run", () => onRun.forEach((f) => f()))
}

function setOpen(value: boolean) {
  open = value
  followers.forEach((f) => f(value))
}

/** Whether the live stream is open (the status queries then poll only as a safety net). */
export function useSyncStream(): boolean {
  const queryClient = useQueryClient()
  const [isOpen, setIsOpen] = useState(open)
  useEffect(() => {
    const refetch = () => queryClient.invalidateQueries({ queryKey: ["product-sync", "status"] })
    followers.add(setIsOpen)
    onRun.add(refetch)
    if (!stream) connect()
    return () => {
      followers.delete(setIsOpen)
      onRun.delete(refetch)
      if (!followers.size) {
        stream?.close()
        stream = null
        open = false
      }
    }
  }, [queryClient])
  return isOpen
}
