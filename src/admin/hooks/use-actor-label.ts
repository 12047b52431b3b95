import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

/** "who" for people: an admin's email (never `user_01…`: "another admin" until it loads); keys and the scheduler by name. */
export function useActorLabel(actor: string | null | undefined): string {
  const isUser = !!actor?.startsWith("user_")
  const { data } = useQuery({
    queryKey: ["product-sync", "actor", actor],
    queryFn: () => sdk.admin.user.retrieve(actor as string, { fields: "id,email" }),
    enabled: isUser,
    staleTime: Infinity,
    retry: false,
  })
  if (!actor) return "–"
  if (actor === "system") return "the schedule"
  if (actor.startsWith("apk_")) return "an API key"
  if (!isUser) return actor
  return data?.user.email ?? "another admin"
}
