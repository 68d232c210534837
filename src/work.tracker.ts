/**
 * Work that outlives the call that started it: a request still being handled
 * after its ack, a background delivery pass. One tracker per process owns all
 * of it, so shutdown can wait for it before the database goes away.
 */
export interface WorkTracker {
  /** Follows `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** How many tracked promises have not settled yet. */
  readonly size: number;
  /** Resolves once nothing tracked is left, including work started while waiting. */
  drain(): Promise<void>;
}

export function createWorkTracker(): WorkTracker {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
      return work;
    },
    get size() {
      return pending.size;
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
