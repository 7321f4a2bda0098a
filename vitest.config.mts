import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // CDK synthesis and the local engine are CPU-bound; two workers fit the 2-core machines.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // The CLI's embedded store (exemptions, ledger) goes to a throwaway directory, never the checkout.
      // Test files that use the store set their own (LevelDB allows one process per store).
      WARDEN_HOME: mkdtempSync(join(tmpdir(), 'warden-test-home-')),
    },
  },
});
