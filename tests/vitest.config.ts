import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
const alias = { "~db": path.join(root, "db"), "~": path.join(root, "app") };

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    globals: true,
    pool: "forks",
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", root, include: ["tests/unit/**/*.test.ts"], environment: "node", sequence: { groupOrder: 0 } },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          root,
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/helpers/integration-setup.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // vitest's default on 2 cores is one worker; the files are independent (own database,
          // upload directory and server port) and many wait on servers, so two run at once.
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          sequence: { groupOrder: 2 },
          root,
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own server and browser; two at once fit the 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
