import Medusa from "@medusajs/js-sdk"

/**
 * The admin's own session: the widget calls the API as the logged-in user.
 * A plugin's admin code gets the backend URL from the global the admin
 * bundler defines (`import.meta.env` is the host app's, not ours).
 */
export const sdk = new Medusa({
  baseUrl: __BACKEND_URL__ || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
