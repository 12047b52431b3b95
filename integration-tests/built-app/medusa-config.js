// A Medusa app that installs the plugin as users do: by package name, from
// the packed tarball (scripts/lib/pack-plugin.mjs puts it in node_modules).
const { defineConfig } = require("@medusajs/framework/utils")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { jwtSecret: "built-secret", cookieSecret: "built-secret" },
  },
  plugins: [
    {
      resolve: "medusa-product-sync",
      options: {
        sources: { catalog: { url: process.env.BUILT_FEED_PATH } },
        batchSize: 7,
      },
    },
  ],
})
