/**
 * The lab service's named errors across the worker boundary: comlink sends an Error's `name` and
 * `message` (and nothing else), so each class must set its own name for the page to tell them apart,
 * with the message the page shows unchanged.
 */
import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import {
  CustomModelNotSavedError,
  EpisodeNotResumableError,
  EpisodesRunningError,
  ExperimentDesignError,
  ExperimentNotFoundError,
  ExperimentRunError,
  LabError,
  ModelNotLoadedError,
  ProtocolOrderError,
  ResumeFailedError,
  UnknownModelError,
} from '../../src/lab/errors';
import { EngineError } from '../../src/engines/errors';

const cases: [string, () => Error, string][] = [
  ['LabError', () => new LabError('x'), 'x'],
  [
    'ExperimentRunError',
    () => new ExperimentRunError('This experiment is already running.'),
    'This experiment is already running.',
  ],
  [
    'ExperimentNotFoundError',
    () => new ExperimentNotFoundError('e1'),
    'There is no experiment e1 in this browser.',
  ],
  [
    'ExperimentDesignError',
    () => new ExperimentDesignError(['No student.', 'No task.']),
    'No student. No task.',
  ],
  [
    'EpisodeNotResumableError',
    () => new EpisodeNotResumableError('solved'),
    'Only an interrupted, stopped or failed-by-error episode can be resumed (this one is solved).',
  ],
  ['ResumeFailedError', () => new ResumeFailedError(), 'The episode could not be resumed.'],
  [
    'ResumeFailedError',
    () => new ResumeFailedError('The student model m is not loaded: load it first.'),
    'The student model m is not loaded: load it first.',
  ],
  [
    'EpisodesRunningError',
    () => new EpisodesRunningError(),
    'An episode is running (here or in another tab): stop it before deleting the whole history.',
  ],
  ['ProtocolOrderError', () => new ProtocolOrderError('p'), 'p'],
  ['UnknownModelError', () => new UnknownModelError('m'), 'There is no model called m in the model list.'],
  [
    'ModelNotLoadedError',
    () => new ModelNotLoadedError('m', 'teacher'),
    'The teacher model m is not loaded: load it first.',
  ],
  [
    'CustomModelNotSavedError',
    () => new CustomModelNotSavedError('m', 'disk full'),
    'm is in the model list for now, but it could not be saved in this browser (disk full), so it will be gone after a reload: add it again then.',
  ],
];

describe('lab errors', () => {
  it.each(cases)('%s keeps its name and message through comlink', async (name, make, message) => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose({ fail: () => Promise.reject(make()) }, port1);
    const remote = Comlink.wrap<{ fail: () => Promise<void> }>(port2);
    const error = await remote.fail().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name, message });
    port1.close();
    port2.close();
  });

  it('the model errors are engine errors and the rest lab errors', () => {
    expect(new UnknownModelError('m')).toBeInstanceOf(EngineError);
    expect(new ModelNotLoadedError('m', 'student')).toBeInstanceOf(EngineError);
    expect(new ExperimentNotFoundError('e')).toBeInstanceOf(ExperimentRunError);
    for (const make of [() => new ResumeFailedError(), () => new EpisodesRunningError()]) {
      expect(make()).toBeInstanceOf(LabError);
    }
  });
});
