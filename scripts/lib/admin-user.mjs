import { run } from "./run.mjs"

/** Creates the admin login once; a second `npm run dev` finds it and leaves it alone. */
export async function ensureAdminUser({ medusa, env, email, password }) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ connectionString: env.DATABASE_URL ?? process.env.DATABASE_URL })
  await client.connect()
  try {
    const found = await client.query(
      "select 1 from provider_identity where provider = 'emailpass' and entity_id = $1",
      [email]
    )
    if (found.rowCount) return false
  } finally {
    await client.end()
  }
  console.log(`▶ creating admin user ${email}`)
  await run(medusa, ["user", "-e", email, "-p", password], { env, quiet: true })
  return true
}
