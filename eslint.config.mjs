import js from "@eslint/js"
import medusa from "@medusajs/eslint-plugin"
import tseslint from "typescript-eslint"

export default [
  // `medusa develop` lints the whole project before it starts: test and build output is not source.
  { ignores: [".medusa/**", "node_modules/**", "demo/**", ".pg/**", ".e2e/**", ".cache/**", ".logs/**", "bench-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The preset's global ignore of test folders is dropped: tests are code too.
  ...medusa.configs.recommended.filter((block) => !(block.ignores && Object.keys(block).length === 1)),
  {
    files: ["scripts/**/*.{mjs,cjs,js}", "bin/**/*.mjs", "integration-tests/**/*.{js,cjs}", "bench/**/*.cjs", "*.js", "*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", setTimeout: "readonly", Buffer: "readonly", URL: "readonly", URLSearchParams: "readonly", TextDecoder: "readonly", AbortController: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly", require: "readonly", module: "writable", __dirname: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests read loosely typed JSON responses; src code may not.
    files: ["integration-tests/**/*.ts", "**/__tests__/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@medusajs/use-medusa-error-not-generic-error": "off",
    },
  },
]
