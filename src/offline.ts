/**
 * Registers the service worker that precaches the app shell, so the lab opens with the network off
 * after one visit. Only in production builds: the dev server serves modules the worker cannot cache.
 */
import { registerSW } from 'virtual:pwa-register';
import type { AppUpdate } from './state/app-update.svelte';

/**
 * Register once; failures (private mode, file://) leave the lab working online. A new version does
 * not take over by itself (it would wait for every tab of the lab to close first): `update` offers it,
 * and taking it lets it take over and reloads this tab into it.
 */
export function registerOffline(update: AppUpdate): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const activate = registerSW({
    immediate: true,
    onNeedRefresh: () => update.offer(() => activate(true)),
    onRegisterError: (error) => console.warn('Offline mode unavailable:', error),
  });
}
