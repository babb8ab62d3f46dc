/**
 * The lab worker's store, opened once. Before anything is written, episodes left 'running' by a closed
 * or reloaded tab are marked interrupted (and another live tab's, once that tab lets go of them);
 * reads are served as soon as the store is open. The
 * store's notices (an upgrade waiting for other tabs, the store let go because a newer tab upgraded
 * it) reach the page through `onStoreNotice`.
 */
import { StoreClosedError, type LabStore, type StoreBlockedError } from '../store';
import { heldEpisodeIds, liveEpisodeIds, whenEpisodeReleased } from './locks';

/** What the service wants to hear from the store it opens (`openLabStore` takes these as they are). */
export interface StoreEvents {
  onBlocked: (error: StoreBlockedError) => void;
  onClosedByOtherTab: () => void;
  onTerminated: () => void;
}

export class StoreConnection {
  private openPromise: Promise<LabStore> | null = null;
  private storePromise: Promise<LabStore> | null = null;
  private interrupted = 0;
  private readonly interruptionListeners: ((total: number) => void)[] = [];
  private storeNotice: string | null = null;
  private readonly storeNoticeListeners: ((notice: string | null) => void)[] = [];

  /**
   * @param openStore opens the store; passing `events` on lets the page hear of a blocked upgrade or
   *   a newer tab.
   * @param onLost called when the connection is gone (nothing more can be written).
   */
  constructor(
    private readonly openStore: (events: StoreEvents) => Promise<LabStore>,
    private readonly onLost: (error: StoreClosedError) => void,
  ) {}

  /**
   * The store as soon as it is open, for reads: they settle a stranded episode themselves
   * (`stranded.ts`), so they need not wait for the sweep, which waits up to 1.5 s on another tab's
   * episode locks (`liveEpisodeIds`). Opening also starts the sweep.
   */
  opened(): Promise<LabStore> {
    if (!this.openPromise) {
      this.openPromise = this.open();
      this.storePromise = this.openPromise.then((store) => this.sweep(store));
      // A failed open reaches every caller of `opened` and `store` as its own error.
      this.storePromise.catch(() => undefined);
    }
    return this.openPromise;
  }

  /**
   * The store once swept, for writes: episodes left 'running' by a closed or reloaded tab are marked
   * interrupted first, so a sweep still running can never mark an episode this tab starts meanwhile.
   */
  store(): Promise<LabStore> {
    void this.opened();
    return this.storePromise!;
  }

  /**
   * Mark what nothing runs as interrupted, and watch the episodes other tabs run. On a full disk that
   * write fails too; the history does not depend on it, since every read settles an episode no live
   * tab runs, so such episodes are counted as interrupted all the same.
   */
  private async sweep(store: LabStore): Promise<LabStore> {
    const live = await liveEpisodeIds();
    this.interrupted = await store.markRunningAsInterrupted({ keep: live }).catch(async () => {
      const running = await store.listEpisodeIds({ status: 'running' }).catch(() => []);
      return running.filter((id) => !live.includes(id)).length;
    });
    for (const id of live) void this.markWhenReleased(store, id);
    return store;
  }

  /** How many episodes were found cut short when the store was opened (and since). */
  async interruptedAtStartup(): Promise<number> {
    await this.store();
    return this.interrupted;
  }

  onInterrupted(listener: (total: number) => void): void {
    this.interruptionListeners.push(listener);
  }

  onStoreNotice(listener: (notice: string | null) => void): void {
    this.storeNoticeListeners.push(listener);
    listener(this.storeNotice);
  }

  /** Open the store, saying (`onStoreNotice`) while an upgrade waits for other tabs, and when it ends. */
  private async open(): Promise<LabStore> {
    try {
      return await this.openStore({
        onBlocked: (error) => this.setStoreNotice(error.message),
        onClosedByOtherTab: () => this.storeLost(new StoreClosedError('other-tab')),
        onTerminated: () => this.storeLost(new StoreClosedError('terminated')),
      });
    } finally {
      // Opened or failed, the wait is over (a failure reaches every caller as its own error).
      if (this.storeNotice !== null) this.setStoreNotice(null);
    }
  }

  private setStoreNotice(notice: string | null): void {
    this.storeNotice = notice;
    for (const listener of this.storeNoticeListeners) listener(notice);
  }

  /**
   * The connection is gone (a newer tab upgraded the store, or the browser closed it): nothing more
   * can be written, so running episodes end now, with the turns already saved, instead of going on to
   * turns that could never be kept. Their end cannot be written either; their lock goes with them, so
   * they read as interrupted (`stranded.ts`).
   */
  private storeLost(error: StoreClosedError): void {
    this.setStoreNotice(error.message);
    this.onLost(error);
  }

  /** An episode another tab is running is marked interrupted if that tab goes away before it ends. */
  private async markWhenReleased(store: LabStore, episodeId: string): Promise<void> {
    await whenEpisodeReleased(episodeId);
    const marked = await store.markRunningAsInterrupted({ keep: await heldEpisodeIds() }).catch(() => 0);
    if (marked === 0) return;
    this.interrupted += marked;
    for (const listener of this.interruptionListeners) listener(this.interrupted);
  }
}
