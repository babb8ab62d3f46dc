/**
 * GGUF model files kept in the browser's Cache Storage, so a model chosen once (from a file or a URL)
 * loads again with the network off. Works in the page and in workers.
 */

const CACHE = 'plasticity-lab-gguf-v1';
/** Cache keys are synthetic same-origin URLs; the name is the model id. */
const keyFor = (name: string) =>
  new URL(`/__gguf__/${encodeURIComponent(name)}`, globalThis.location.href).href;

/** A model id from a file name: the name without `.gguf`, limited to safe characters. */
export function ggufName(fileName: string): string {
  return fileName.replace(/\.gguf$/i, '').replace(/[^\w.-]+/g, '-') || 'model';
}

export interface CachedGguf {
  name: string;
  bytes: number;
}

function caches(): CacheStorage | null {
  return (globalThis as { caches?: CacheStorage }).caches ?? null;
}

/** Store `file` under `name` (replacing any older copy). Quota errors propagate to the caller. */
export async function cacheGguf(name: string, file: Blob): Promise<void> {
  const storage = caches();
  if (!storage) return;
  const cache = await storage.open(CACHE);
  await cache.put(
    keyFor(name),
    new Response(file, {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.size) },
    }),
  );
}

/** The cached file for `name`, or null. */
export async function cachedGgufFile(name: string): Promise<Blob | null> {
  const storage = caches();
  if (!storage) return null;
  const response = await (await storage.open(CACHE)).match(keyFor(name));
  return response ? response.blob() : null;
}

/** Every cached GGUF with its size. */
export async function listCachedGgufs(): Promise<CachedGguf[]> {
  const storage = caches();
  if (!storage) return [];
  const cache = await storage.open(CACHE);
  const out: CachedGguf[] = [];
  for (const request of await cache.keys()) {
    const name = decodeURIComponent(new URL(request.url).pathname.replace(/^\/__gguf__\//, ''));
    const response = await cache.match(request);
    out.push({ name, bytes: Number(response?.headers.get('Content-Length') ?? 0) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Remove a cached GGUF; true when there was one. */
export async function deleteCachedGguf(name: string): Promise<boolean> {
  const storage = caches();
  if (!storage) return false;
  return (await storage.open(CACHE)).delete(keyFor(name));
}
