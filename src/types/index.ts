export * from "./options"
export * from "./sync-run"
export * from "./http"
export * from "./events"
