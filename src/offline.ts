/**
 * Registers the service worker that precaches the app shell, so the lab opens with the network off
 * after one visit. Only in production builds: the dev server serves modules the worker cannot cache.
 */
import { registerSW } from 'virtual:pwa-register';

/** Register once; failures (private mode, file://) leave the lab working online. */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onRegisterError: (error) => console.warn('Offline mode unavailable:', error),
  });
}
