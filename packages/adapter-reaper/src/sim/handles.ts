import type { PointerType } from './reascript-signatures.js';

// Pointers handed to Lua scripts. REAPER gives scripts raw pointers; the simulator gives each
// object a number, which the Lua glue turns into the same userdata every time.

interface Entry {
  object: object;
  kind: PointerType;
}

export class PointerRegistry {
  private readonly entries = new Map<number, Entry>();
  private readonly ids = new WeakMap<object, number>();
  private next = 1;

  /** The handle of `object` (0 for none), registering it on first use. */
  ref(object: object | null | undefined, kind: PointerType): number {
    if (!object) return 0;
    let id = this.ids.get(object);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(object, id);
      this.entries.set(id, { object, kind });
    }
    return id;
  }

  /** The object behind a handle, checked for its type; throws the error REAPER scripts see. */
  get<T>(id: number, kind: PointerType, fn: string, arg: number): T {
    const entry = this.entries.get(id);
    if (!entry || entry.kind !== kind) {
      throw new Error(
        `reaper.${fn}: argument ${arg}: expected ${kind}, got ${entry?.kind ?? 'an unknown pointer'}`,
      );
    }
    const object = entry.object as T & { deleted?: boolean };
    if (object.deleted) throw new Error(`reaper.${fn}: argument ${arg}: the ${kind} was deleted`);
    return object;
  }

  /** ValidatePtr: whether `id` is a live object of the named type ("MediaTrack*"). */
  validate(id: number, typeName: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    const kind = typeName.replace(/\*$/, '');
    return entry.kind === kind && !(entry.object as { deleted?: boolean }).deleted;
  }
}
