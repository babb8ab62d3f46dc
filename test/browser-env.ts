/**
 * Where the tests find a Chromium and how they launch it. Point the tests at another
 * Chromium or Chrome binary with `CHROMIUM_PATH=/path/to/chrome npm test`.
 */
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser binary the tests drive. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

/**
 * Flags that give headless Chromium a (SwiftShader) WebGPU adapter and keep it off the closed
 * network. Never add --disable-software-rasterizer: it removes the adapter.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
