import { it } from 'vitest';
import { arithmetic } from '../../src/core/envs/arithmetic';
it('dbg', () => {
  const t = arithmetic.generate(arithmetic.presets.hard, 12, 0);
  console.log(JSON.stringify(t.data));
});
