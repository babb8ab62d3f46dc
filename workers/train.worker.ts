/**
 * The training worker: jax-js trains the byte model here, off the page's thread and apart from the
 * lab worker (whose episodes keep running). The page reaches it only through the comlink-exposed
 * `TrainApi` (src/train/train-api.ts).
 */
import * as Comlink from 'comlink';
import { RunDb } from '../src/train/run-db';
import { TrainService } from '../src/train/train-service';

Comlink.expose(
  new TrainService({
    openDb: () => RunDb.open(),
    now: () => performance.now(),
    wallClock: () => Date.now(),
    newId: () => crypto.randomUUID(),
  }),
);
