import Medusa from "@medusajs/js-sdk"

/** The admin's own session: the widget calls the API as the logged-in user. */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
