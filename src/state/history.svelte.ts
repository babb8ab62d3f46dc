/**
 * The History page's state: filters, sort and text search, one page of matching episodes at a time,
 * the selection, export / import, deletion and the storage estimate. Every query runs in the worker,
 * so the page holds one page of rows however many episodes are stored.
 */
import { SvelteSet } from 'svelte/reactivity';
import { withoutBlanks, type EpisodeQuery } from '../core/episode-query';
import type { HistorySelection } from '../lab/lab-api';
import type {
  EpisodeFacets,
  EpisodeRecord,
  JsonlProblem,
  StorageEstimateResult,
  TrainingExport,
} from '../store';
import type { TrainingOptions } from '../core/training-data';
import { errorText } from '../core/error-text';
import { EMPTY_FILTERS, type Scope } from './history-filters';

export * from './history-filters';
import type { LabClient } from './lab-client.svelte';
import { StorageInfo } from './storage.svelte';

export const PAGE_SIZE = 50;

/** What an import did, for the person to read. */
export type ImportReport =
  | { ok: true; file: string; imported: number; skipped: number }
  | { ok: false; file: string; errors: JsonlProblem[] }
  | { ok: false; file: string; message: string };

function isStorageFull(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'StorageFullError'
  );
}

export class HistoryState {
  /** What the form has chosen (raw: replaced whole on each change, and sent to the worker as it is). */
  filters = $state.raw<EpisodeQuery>({ ...EMPTY_FILTERS });
  offset = $state(0);
  rows = $state.raw<EpisodeRecord[]>([]);
  total = $state(0);
  facets = $state.raw<EpisodeFacets>({ envIds: [], conditionKinds: [], studentModels: [], total: 0 });
  loading = $state(false);
  error = $state<string | null>(null);
  /** The quota message when a write hit StorageFullError; the page offers an export. */
  storageFull = $state<string | null>(null);
  /** Ids ticked by hand. */
  readonly selected = new SvelteSet<string>();
  /** True when "all N matching" is selected (the filter, not a list of ids). */
  allMatching = $state(false);
  busy = $state<string | null>(null);
  importReport = $state.raw<ImportReport | null>(null);
  notice = $state<string | null>(null);
  #queries = 0;
  /** The same reader as the Models page's, so both pages show the same figures. */
  readonly #storage: StorageInfo;

  constructor(private readonly client: LabClient) {
    this.#storage = new StorageInfo(() => client.api);
  }

  /** The storage estimate; null where the browser does not tell. */
  get storage(): StorageEstimateResult | null {
    return this.#storage.estimate;
  }

  /** The filters as the worker is asked them (a blank choice or search is no filter). */
  get query(): EpisodeQuery {
    return withoutBlanks(this.filters);
  }

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.total / PAGE_SIZE));
  }

  get pageIndex(): number {
    return Math.floor(this.offset / PAGE_SIZE);
  }

  /** How many episodes the selection covers. */
  get selectionSize(): number {
    return this.allMatching ? this.total : this.selected.size;
  }

  get selection(): HistorySelection | null {
    if (this.allMatching) return { query: this.query };
    return this.selected.size > 0 ? { ids: [...this.selected] } : null;
  }

  /** Reload the filter menus, the current page and the storage estimate. */
  async refreshAll(): Promise<void> {
    await Promise.all([this.refreshFacets(), this.refresh(), this.refreshStorage()]);
  }

  async refreshFacets(): Promise<void> {
    try {
      this.facets = await this.client.api.historyFacets();
    } catch (e) {
      this.fail(e);
    }
  }

  async refreshStorage(): Promise<void> {
    await this.#storage.refresh();
  }

  /** Read the current page; a slower earlier answer never overwrites a newer one. */
  async refresh(): Promise<void> {
    const n = ++this.#queries;
    this.loading = true;
    try {
      const page = await this.client.api.queryHistory({
        ...this.query,
        offset: this.offset,
        limit: PAGE_SIZE,
      });
      if (n !== this.#queries) return;
      if (page.rows.length === 0 && page.total > 0 && this.offset > 0) {
        // The page emptied (deletions): go to the last one that has rows.
        this.offset = Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE;
        return this.refresh();
      }
      this.rows = page.rows;
      this.total = page.total;
      this.error = null;
    } catch (e) {
      if (n === this.#queries) this.fail(e);
    } finally {
      if (n === this.#queries) this.loading = false;
    }
  }

  /** Change filters: back to the first page, selection cleared. */
  setFilters(patch: Partial<EpisodeQuery>): void {
    this.#filter({ ...this.filters, ...patch });
  }

  /** Every filter cleared (not merged: a filter left out of the patch would stay). */
  resetFilters(): void {
    this.#filter({ ...EMPTY_FILTERS });
  }

  #filter(filters: EpisodeQuery): void {
    this.filters = filters;
    this.offset = 0;
    this.clearSelection();
    void this.refresh();
  }

  goToPage(index: number): void {
    const last = this.pageCount - 1;
    this.offset = Math.min(Math.max(0, index), last) * PAGE_SIZE;
    void this.refresh();
  }

  toggle(id: string): void {
    this.allMatching = false;
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  /** Tick or untick every row on this page. */
  togglePage(): void {
    const ids = this.rows.filter((r) => r.status !== 'running').map((r) => r.id);
    const all = ids.length > 0 && ids.every((id) => this.selected.has(id));
    this.allMatching = false;
    for (const id of ids) {
      if (all) this.selected.delete(id);
      else this.selected.add(id);
    }
  }

  selectAllMatching(): void {
    this.allMatching = true;
  }

  clearSelection(): void {
    this.selected.clear();
    this.allMatching = false;
  }

  /** The episodes a scope names (undefined: all of them), or null when it names none. */
  private selectionFor(scope: Scope): HistorySelection | undefined | null {
    return scope === 'all' ? undefined : scope === 'filter' ? { query: this.query } : this.selection;
  }

  /** The selection's JSONL file, or null when there is nothing to export. */
  async exportFile(scope: Scope): Promise<Blob | null> {
    const selection = this.selectionFor(scope);
    if (selection === null) return null;
    return this.run('Exporting…', () => this.client.api.exportHistory(selection));
  }

  /** The selection's training examples with what was left out, or null when there is nothing to export. */
  async exportTrainingFile(scope: Scope, options: TrainingOptions): Promise<TrainingExport | null> {
    const selection = this.selectionFor(scope);
    if (selection === null) return null;
    return this.run('Writing training data…', () => this.client.api.exportTrainingData(options, selection));
  }

  /** Validate and store an export file; the report says what happened. */
  async importFile(file: File): Promise<void> {
    this.importReport = null;
    try {
      this.busy = `Importing ${file.name}…`;
      // The file itself goes to the worker, which reads it: the page never holds its text.
      const result = await this.client.api.importHistory(file);
      this.importReport = result.ok
        ? { ok: true, file: file.name, imported: result.imported, skipped: result.skipped }
        : { ok: false, file: file.name, errors: result.errors };
      if (result.ok) {
        await this.refreshAll();
        await this.client.refreshEpisodes();
      }
    } catch (e) {
      this.importReport = { ok: false, file: file.name, message: errorText(e) };
      if (isStorageFull(e)) this.storageFull = errorText(e);
    } finally {
      this.busy = null;
    }
  }

  async deleteSelection(): Promise<void> {
    const selection = this.selection;
    if (!selection) return;
    const n = await this.run('Deleting…', () => this.client.api.deleteEpisodes(selection));
    if (n === null) return;
    this.notice = `Deleted ${n} episode${n === 1 ? '' : 's'}.`;
    this.clearSelection();
    await this.afterDelete();
  }

  async deleteOne(id: string): Promise<void> {
    const n = await this.run('Deleting…', () => this.client.api.deleteEpisodes({ ids: [id] }));
    if (n === null) return;
    this.selected.delete(id);
    this.notice = n === 1 ? 'Deleted the episode.' : 'The episode was not deleted (it is running).';
    await this.afterDelete();
  }

  async deleteAll(): Promise<void> {
    const done = await this.run('Deleting everything…', async () => {
      await this.client.api.deleteAll();
      return true;
    });
    if (!done) return;
    this.notice = 'Deleted every episode.';
    this.clearSelection();
    await this.afterDelete();
  }

  private async afterDelete(): Promise<void> {
    this.storageFull = null;
    await this.refreshAll();
    await this.client.refreshEpisodes();
  }

  /** Run a worker call with a busy message; errors are shown, and null returned. */
  private async run<T>(message: string, fn: () => Promise<T>): Promise<T | null> {
    this.busy = message;
    this.notice = null;
    try {
      return await fn();
    } catch (e) {
      this.fail(e);
      return null;
    } finally {
      this.busy = null;
    }
  }

  private fail(e: unknown): void {
    this.error = errorText(e);
    if (isStorageFull(e)) this.storageFull = errorText(e);
  }
}
