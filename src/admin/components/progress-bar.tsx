import type { SyncRunProgress } from "../../types"

/** Determinate when the source told its total, indeterminate otherwise. */
export const ProgressBar = ({ progress }: { progress: SyncRunProgress }) => {
  const known = progress.percentage !== null
  return (
    <div
      role="progressbar"
      aria-label="Sync progress"
      aria-valuemin={0}
      aria-valuemax={progress.total ?? undefined}
      aria-valuenow={known ? progress.processed : undefined}
      className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
    >
      <div
        className={`bg-ui-fg-interactive h-full rounded-full transition-all ${known ? "" : "w-1/3 animate-pulse"}`}
        style={known ? { width: `${progress.percentage}%` } : undefined}
      />
    </div>
  )
}
