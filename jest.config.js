// No Medusa loadEnv here: with it a second spec file fails with "Method
// Map.prototype.set called on incompatible receiver" (medusajs/medusa#9350).
// Run through `npm test` (scripts/test.mjs), which starts the database.
module.exports = {
  transform: {
    "^.+\\.[jt]s$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          target: "es2021",
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.cache/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: {
    "integration:http": ["**/integration-tests/http/*.spec.[jt]s"],
    "integration:built": ["**/integration-tests/built/*.spec.[jt]s"],
    "integration:process": ["**/integration-tests/process/*.spec.[jt]s"],
    "integration:redis": ["**/integration-tests/redis/*.spec.[jt]s"],
    "integration:workflows": ["**/integration-tests/workflows/*.spec.[jt]s"],
    e2e: ["**/integration-tests/e2e/*.spec.[jt]s"],
    "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
    unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  }[process.env.TEST_TYPE || "unit"],
}
