// REAPER's global ExtState: section → key → value, some of it persisted across runs. Shared by
// the web interface (GET/SET/EXTSTATE) and scripts (GetExtState/SetExtState), as in REAPER.

export class ExtStateStore {
  private readonly sections = new Map<string, Map<string, { value: string; persist: boolean }>>();

  get(section: string, key: string): string {
    return this.sections.get(section.toLowerCase())?.get(key.toLowerCase())?.value ?? '';
  }

  has(section: string, key: string): boolean {
    return this.sections.get(section.toLowerCase())?.has(key.toLowerCase()) ?? false;
  }

  set(section: string, key: string, value: string, persist: boolean): void {
    const s = section.toLowerCase();
    const map = this.sections.get(s) ?? new Map();
    map.set(key.toLowerCase(), { value, persist });
    this.sections.set(s, map);
  }

  delete(section: string, key: string): void {
    this.sections.get(section.toLowerCase())?.delete(key.toLowerCase());
  }

  /** Every key of a section (for tests and diagnostics). */
  keys(section: string): string[] {
    return [...(this.sections.get(section.toLowerCase())?.keys() ?? [])];
  }
}
