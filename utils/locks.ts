/**
 * One Web Lock per kind of stored data: DealLens's pages (popup, options, background) share an
 * origin, so a read-change-write under the lock is never interleaved with another one.
 */

/** Without Web Locks: the tasks of each name in this page, one after another. */
const chains = new Map<string, Promise<unknown>>();

/** Runs `task` while no other DealLens page (or, without Web Locks, no other task here) runs one under `name`. */
export async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return await locks.request(name, task);
  const run = (chains.get(name) ?? Promise.resolve()).then(task);
  chains.set(
    name,
    run.catch(() => undefined),
  );
  return run;
}
