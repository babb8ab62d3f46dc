/**
 * The judge panel's state: given the twins' loaded model ids and their recipe, it creates the judge's
 * experiment (`judgeDesign`, an ordinary design the lab's runner runs and the experiments page
 * shows), runs it through the lab, and reads its report (`judgeReport`) from the experiment's
 * results: each model's feedback-specific gain and the didactic-minus-answers-only headline.
 */
import * as Comlink from 'comlink';
import {
  judgeDesign,
  judgeReport,
  type DidacticRecipe,
  type JudgeModels,
  type JudgeOptions,
  type JudgeReport,
} from '../core/didactic';
import type { ExperimentDesign, ExperimentProgress } from '../core/experiment';
import { errorText } from '../core/error-text';
import type { LabApi } from '../lab/lab-api';

/** The lab calls the judge makes. */
export type JudgeLab = Pick<
  LabApi,
  'createExperiment' | 'runExperiment' | 'pauseExperiment' | 'experimentResults'
>;

export type JudgePhase = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export class JudgeState {
  phase = $state<JudgePhase>('idle');
  /** The judge's experiment, once created (its results page is `#/experiments/<id>`). */
  experimentId = $state<string | null>(null);
  progress = $state.raw<ExperimentProgress | null>(null);
  report = $state.raw<JudgeReport | null>(null);
  error = $state<string | null>(null);
  #design: ExperimentDesign | null = null;

  /**
   * @param lab the lab worker's API (`LabClient.api`), or a `LabService` in tests.
   * @param proxy wraps the progress callback for the worker (comlink's `proxy`; identity in-page).
   */
  constructor(
    private readonly lab: JudgeLab,
    private readonly proxy: <T extends object>(f: T) => T = Comlink.proxy,
  ) {}

  /**
   * Create and run the judge of `models` (trained on `recipe`), then read its report. Errors (a model
   * not loaded, an invalid recipe) end in phase 'error' with the reason in `error`, never a throw.
   */
  async run(recipe: DidacticRecipe, models: JudgeModels, options: JudgeOptions = {}): Promise<void> {
    if (this.phase === 'running') return;
    this.phase = 'running';
    this.error = null;
    this.report = null;
    this.progress = null;
    try {
      this.#design = judgeDesign(recipe, models, options);
      const id = await this.lab.createExperiment(this.#design);
      this.experimentId = id;
      const final = await this.lab.runExperiment(
        id,
        this.proxy((p: ExperimentProgress) => {
          this.progress = p;
        }),
      );
      this.progress = final;
      const { summary } = await this.lab.experimentResults(id);
      this.report = judgeReport(summary, this.#design, models);
      if (final.state === 'error') throw new Error(final.error ?? 'the judge stopped with an error');
      this.phase = final.state === 'done' ? 'done' : 'stopped';
    } catch (error) {
      this.error = errorText(error);
      this.phase = 'error';
    }
  }

  /** Pause the running judge: the episodes done stay stored; running the experiment again continues it. */
  async stop(): Promise<void> {
    if (this.phase === 'running' && this.experimentId) await this.lab.pauseExperiment(this.experimentId);
  }
}
