/**
 * Config for the store benchmark: Vitest browser mode, so IndexedDB is Chromium's real one.
 * Run by `npm run bench` (after the Node benchmarks).
 */
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from '../test/browser-env.ts';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('bench') },
  test: {
    include: [],
    benchmark: { include: ['bench/**/*.browser-bench.ts'] },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
