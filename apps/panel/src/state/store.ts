/** A value that views watch: `set` replaces it (shallow merge for objects) and tells them. */
export class Store<T extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(patch: Partial<T> | ((current: T) => Partial<T>)): void {
    const next = typeof patch === 'function' ? patch(this.value) : patch;
    this.value = { ...this.value, ...next };
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
