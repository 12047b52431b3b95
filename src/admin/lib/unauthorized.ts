import { FetchError } from "@medusajs/js-sdk"

/**
 * An expired session is not ours to explain: rethrown during render, a 401
 * reaches the dashboard's route error boundary, which sends the person to
 * Medusa's login page and back here afterwards.
 */
export function throwIfUnauthorized(error: unknown) {
  if (error instanceof FetchError && error.status === 401) {
    throw error
  }
}
