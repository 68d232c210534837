/**
 * Calls `flush` with every item added while the previous flush was under
 * way, so that callers who come together share one statement (group
 * commit), and none waits longer than one flush when they do not: the first
 * goes at once. `flush` answers one result per item, in order; if it throws,
 * every item of that flush gets the error.
 */
export function coalesce<T, R>(flush: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let waiting: Array<{ item: T; resolve: (r: R) => void; reject: (err: unknown) => void }> = [];
  let running = false;
  async function run(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const taken = waiting;
      waiting = [];
      try {
        const out = await flush(taken.map((w) => w.item));
        taken.forEach((w, i) => w.resolve(out[i]!));
      } catch (err) {
        taken.forEach((w) => w.reject(err));
      }
    }
    running = false;
  }
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void run();
    });
}
