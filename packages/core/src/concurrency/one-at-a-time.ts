/**
 * Runs work one at a time per key (a file path): a server handles many requests at once, and two
 * writers of the same file inside one process must not overlap. A file lock then serialises
 * processes; it cannot see two writers within the same process.
 */
export function oneAtATime(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = queues.get(key) ?? Promise.resolve();
    // The next writer starts when this one has ended, whether it succeeded or failed.
    const run = before.then(work, work);
    const settled = run.then(
      () => {},
      () => {},
    );
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  };
}
