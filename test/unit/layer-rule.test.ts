import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rule's messages for `code` as if it were the file at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint().lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer rule (eslint.config.js)', () => {
  it('lets the page import the worker side for types only', async () => {
    expect(
      await layerErrors(
        'src/ui/history/X.ts',
        "import { openLabStore } from '../../store';\nopenLabStore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors('src/state/x.ts', "import { Models } from '../lab/models';\nModels;\n"),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/state/x.ts',
        "import type { LabApi } from '../lab/lab-api';\nexport type A = LabApi;\n",
      ),
    ).toEqual([]);
  }, 60_000);

  it('refuses an import upward', async () => {
    for (const [file, from] of [
      ['src/core/envs/x.ts', '../../store'],
      ['src/core/x.ts', '../ui/App.svelte'],
      ['src/engines/wllama/x.ts', '../../lab/models'],
      ['src/store/x.ts', '../engines/errors'],
      ['src/lab/x.ts', '../state/route.svelte'],
      ['src/state/x.ts', '../ui/shared/download'],
    ] as const) {
      expect(
        await layerErrors(file, `import type { X } from '${from}';\nexport type Y = X;\n`),
        `${file} → ${from}`,
      ).toHaveLength(1);
    }
    // Inside a layer, and down, is fine.
    expect(
      await layerErrors(
        'src/core/envs/code/x.ts',
        "import { runInSandbox } from './sandbox';\nrunInSandbox;\n",
      ),
    ).toEqual([]);
    expect(
      await layerErrors('src/lab/x.ts', "import { openLabStore } from '../store';\nopenLabStore;\n"),
    ).toEqual([]);
  }, 60_000);
});
