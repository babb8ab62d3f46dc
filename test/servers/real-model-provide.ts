/**
 * What the browser project needs to know about the real test model: the URL the Vite dev server serves
 * the cached GGUF at (`/@fs/<absolute path>`, inside the workspace that `server.fs.allow` admits), or
 * realModel()'s message saying how to get it. Browser tests fail with that message: never a skip.
 */
import { realModel } from '../real-models';

export type RealModelProvided = { url: string; name: string; error?: undefined } | { error: string };

/** The real model's dev-server URL, or the reason it is missing. */
export function provideRealModel(): RealModelProvided {
  try {
    const model = realModel();
    return { url: `/@fs${model.path}`, name: model.file };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
