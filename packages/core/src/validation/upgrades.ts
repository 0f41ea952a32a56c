import type { Problem } from './problem.js';

/**
 * Upgrade functions in the OpenTimelineIO style: one function per document type and version
 * step (Session.1 → Session.2, Session.2 → Session.3, ...), chained when an old document is read.
 * Each function takes a document of version `from` and returns one of version `from + 1`; it
 * never sees a document of any other version, so each stays small and is written once.
 */
export type UpgradeFunction = (document: Record<string, unknown>) => Record<string, unknown>;

export interface UpgradeRegistry {
  register(type: string, fromVersion: number, upgrade: UpgradeFunction): void;
  /**
   * Brings `document` (whose `schema` names `type` at any version up to `currentVersion`) to
   * `currentVersion`. Returns problems instead when the document is from a newer tapeop, names
   * another type, or a step is missing.
   */
  upgrade(
    document: unknown,
    type: string,
    currentVersion: number,
  ):
    | { ok: true; document: Record<string, unknown>; fromVersion: number }
    | { ok: false; problems: Problem[] };
}

const SCHEMA_TAG = /^([A-Za-z][A-Za-z0-9]*)\.(\d+)$/;

export function createUpgradeRegistry(): UpgradeRegistry {
  const steps = new Map<string, UpgradeFunction>();
  const key = (type: string, from: number) => `${type}.${from}`;

  return {
    register(type, fromVersion, upgrade) {
      const k = key(type, fromVersion);
      if (steps.has(k)) throw new Error(`an upgrade from ${k} is already registered`);
      steps.set(k, upgrade);
    },

    upgrade(document, type, currentVersion) {
      const fail = (pointer: string, message: string, rule: string, value?: unknown) => ({
        ok: false as const,
        problems: [
          {
            pointer,
            message,
            rule,
            severity: 'error' as const,
            ...(value === undefined ? {} : { value }),
          },
        ],
      });
      if (!document || typeof document !== 'object' || Array.isArray(document)) {
        return fail('', `should be an object (a ${type} document)`, 'type');
      }
      const tag = (document as Record<string, unknown>).schema;
      if (typeof tag !== 'string') {
        return fail(
          '/schema',
          `is missing (required: the document type and version, e.g. "${type}.${currentVersion}")`,
          'required',
        );
      }
      const match = SCHEMA_TAG.exec(tag);
      if (!match) {
        return fail(
          '/schema',
          `${JSON.stringify(tag)} is not a document type and version (e.g. "${type}.${currentVersion}")`,
          'schema-tag',
          tag,
        );
      }
      const [, tagType, versionText] = match;
      if (tagType !== type) {
        return fail(
          '/schema',
          `${JSON.stringify(tag)} is a ${tagType} document, not a ${type} document`,
          'schema-type',
          tag,
        );
      }
      const version = Number(versionText);
      if (version > currentVersion) {
        return fail(
          '/schema',
          `${JSON.stringify(tag)} was written by a newer tapeop; this one reads ${type}.${currentVersion} and older. Upgrade tapeop to open it`,
          'schema-too-new',
          tag,
        );
      }
      let current = document as Record<string, unknown>;
      for (let from = version; from < currentVersion; from++) {
        const step = steps.get(key(type, from));
        if (!step) {
          return fail(
            '/schema',
            `${JSON.stringify(tag)} cannot be read: there is no upgrade from ${type}.${from} to ${type}.${from + 1}`,
            'schema-no-upgrade',
            tag,
          );
        }
        // Upgrades work on a copy: a caller's document is never changed under it.
        current = { ...step(structuredClone(current)), schema: `${type}.${from + 1}` };
      }
      return { ok: true, document: current, fromVersion: version };
    },
  };
}

/** The upgrades tapeop itself ships. Every document type is at version 1, so none yet. */
export const defaultUpgrades: UpgradeRegistry = createUpgradeRegistry();
