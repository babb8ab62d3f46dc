import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from './test/browser-env.ts';
import pkg from './package.json' with { type: 'json' };
import { CONTENT_SECURITY_POLICY } from './csp.ts';

/** Cross-origin isolation: needed for SharedArrayBuffer (multithreaded wasm engines). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The policy as a `<meta>` in the built page, so it holds on any static host. Not in dev: Vite's dev
 * server and Vitest's browser mode inject inline scripts and styles of their own.
 */
const cspMeta = {
  name: 'content-security-policy',
  apply: 'build' as const,
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend' as const,
    },
  ],
};

export default defineConfig({
  plugins: [
    svelte(),
    cspMeta,
    // A service worker precaches the app shell (page, worker, wasm engines) so the lab opens offline
    // after one visit. Off in dev and tests; built by `vite build`.
    VitePWA({
      // 'prompt': a new version waits until the person reloads into it (AppUpdate, src/offline.ts).
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Plasticity Lab',
        short_name: 'Plasticity',
        description: 'Watch small language models learn from feedback, in the browser.',
        theme_color: '#2357c6',
        background_color: '#fbfaf7',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,wasm,json,webmanifest}'],
        // The engines (web-llm, wllama's wasm) are several MB each and must be available offline.
        maximumFileSizeToCacheInBytes: 48 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  server: {
    headers: isolationHeaders,
    // The real test models may be cached outside the repository ($LAB_CACHE_DIR, as in CI); the browser
    // tests read them through /@fs/, so that folder is served too (dev and test servers only).
    fs: { allow: ['.', ...(process.env.LAB_CACHE_DIR ? [process.env.LAB_CACHE_DIR] : [])] },
  },
  // The preview serves the build as a host would, the policy as a header too: workers get theirs from it.
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  worker: { format: 'es' },
  // Pre-bundle up front: a dependency first met in the worker at run time would make the dev server
  // re-optimise and reload the page mid-session.
  optimizeDeps: {
    include: [
      '@mlc-ai/web-llm',
      '@wllama/wllama/esm/index.js',
      'comlink',
      'idb',
      'valibot',
      'quickjs-emscripten-core',
      '@jitl/quickjs-wasmfile-release-sync',
      'lz-string',
      '@observablehq/plot',
      '@jax-js/jax',
    ],
  },
  build: { target: 'es2022' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          // CI is a loaded two-core machine: property tests that take 1 s alone take 5 s there. Heavy
          // ones set their own, longer timeouts.
          testTimeout: 20_000,
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/servers/browser-global-setup.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
