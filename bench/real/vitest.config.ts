/**
 * Config for the real-model benchmarks (`npm run bench -- --only plasticity`, never in CI): Vitest in
 * Node, driving llama.cpp's llama-server (built by `npm run models`) through the lab's own OpenAI engine,
 * protocol and metrics. Each `*.real.ts` file writes its figures as JSON under bench-results/.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('bench') },
  test: {
    include: ['bench/real/**/*.real.ts'],
    environment: 'node',
    // A whole plasticity table is hours on a loaded 2-core machine: BENCH_TIMEOUT_MIN raises the limit.
    testTimeout: Number(process.env.BENCH_TIMEOUT_MIN ?? 60) * 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
