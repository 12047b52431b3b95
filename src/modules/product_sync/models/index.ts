export { SyncRun, ACTIVE_RUN_STATUSES } from "./sync-run"
export { SyncRunError } from "./sync-run-error"
export { SyncItem } from "./sync-item"
export { SyncIntent } from "./sync-intent"
