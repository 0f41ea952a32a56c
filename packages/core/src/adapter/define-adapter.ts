import { isTapeopError, TapeopError } from '../errors/tapeop-error.js';
import type { AdapterManifest, Capability } from '../generated/types.js';
import { validateAdapterManifest } from '../validation/documents.js';
import { formatProblem } from '../validation/problem.js';
import type { DawAdapter } from './contract.js';

type Operation = Exclude<keyof DawAdapter, 'manifest' | 'supports'>;
type Always = 'connect' | 'close' | 'describe';

/** What an adapter author writes: the three lifecycle calls plus the operations it supports. */
export type AdapterImplementation = Pick<DawAdapter, Always> &
  Partial<Omit<DawAdapter, Always | 'manifest' | 'supports'>>;

/** Which operations each capability stands for. */
export const capabilityOperations: Record<Capability, Operation[]> = {
  'songs.load': ['loadSongs'],
  'tracks.list': ['listTracks'],
  'markers.read': ['readMarkers'],
  'markers.write': ['writeMarkers'],
  'snapshot.capture': ['captureSnapshot'],
  'snapshot.apply': ['applySnapshot'],
  'notes.read': ['readNotes'],
  'notes.write': ['writeNotes'],
  transport: ['locate', 'play', 'stop', 'transportState'],
  events: ['subscribe'],
  'project.offline-write': [],
  'project.offline-read': [],
};

const operationCapability = new Map<Operation, Capability>(
  Object.entries(capabilityOperations).flatMap(([cap, ops]) =>
    ops.map((op) => [op, cap as Capability] as const),
  ),
);

const operationWords: Partial<Record<Operation, string>> = {
  loadSongs: 'load songs',
  listTracks: 'list tracks',
  readMarkers: 'read markers',
  writeMarkers: 'write markers',
  captureSnapshot: 'capture snapshots',
  applySnapshot: 'apply snapshots',
  readNotes: 'read project notes',
  writeNotes: 'write project notes',
  subscribe: 'report DAW events',
};

/**
 * Builds a DawAdapter from a manifest and an implementation. The manifest is the single
 * statement of what the adapter can do: a declared capability without its operations is
 * refused here (ADAPTER_BROKEN), and an operation outside the declared capabilities throws
 * UNSUPPORTED when called, with a sentence saying which DAW cannot do what.
 */
export function defineAdapter(
  manifest: AdapterManifest,
  implementation: AdapterImplementation,
): DawAdapter {
  const checked = validateAdapterManifest(manifest);
  if (!checked.ok) {
    throw new TapeopError(
      'ADAPTER_BROKEN',
      `adapter manifest "${manifest?.name ?? '?'}" is not valid:\n${checked.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      { details: { problems: checked.problems } },
    );
  }
  const declared = new Set(manifest.capabilities);
  const missing = manifest.capabilities.flatMap((cap) =>
    capabilityOperations[cap]
      .filter((op) => typeof implementation[op] !== 'function')
      .map((op) => `${cap} needs ${op}()`),
  );
  if (missing.length > 0) {
    throw new TapeopError(
      'ADAPTER_BROKEN',
      `adapter "${manifest.name}" declares capabilities it does not implement: ${missing.join('; ')}`,
      {
        details: { missing },
      },
    );
  }

  const supports = (capability: Capability) => declared.has(capability);
  const unsupported = (op: Operation): never => {
    const cap = operationCapability.get(op);
    throw new TapeopError(
      'UNSUPPORTED',
      `${manifest.daw} (adapter "${manifest.name}") cannot ${operationWords[op] ?? op}: it does not have the capability "${cap}"`,
      { details: { adapter: manifest.name, capability: cap, operation: op } },
    );
  };

  const gated = <K extends Operation>(op: K): DawAdapter[K] => {
    const cap = operationCapability.get(op);
    const fn = implementation[op as keyof AdapterImplementation] as
      | ((...args: unknown[]) => unknown)
      | undefined;
    if (op === 'subscribe') {
      // Subscribing is synchronous; an adapter without events simply never calls back.
      return ((listener: unknown) =>
        cap && declared.has(cap) && fn
          ? fn.call(implementation, listener)
          : () => {}) as DawAdapter[K];
    }
    return (async (...args: unknown[]) => {
      if ((cap && !declared.has(cap)) || !fn) return unsupported(op);
      try {
        return await fn.apply(implementation, args);
      } catch (error) {
        if (isTapeopError(error)) throw error;
        throw new TapeopError(
          'INTERNAL',
          `adapter "${manifest.name}" failed in ${op}: ${(error as Error)?.message ?? String(error)}`,
          {
            cause: error,
          },
        );
      }
    }) as DawAdapter[K];
  };

  return {
    manifest,
    supports,
    connect: gated('connect'),
    close: gated('close'),
    describe: gated('describe'),
    listTracks: gated('listTracks'),
    loadSongs: gated('loadSongs'),
    readMarkers: gated('readMarkers'),
    writeMarkers: gated('writeMarkers'),
    captureSnapshot: gated('captureSnapshot'),
    applySnapshot: gated('applySnapshot'),
    readNotes: gated('readNotes'),
    writeNotes: gated('writeNotes'),
    locate: gated('locate'),
    play: gated('play'),
    stop: gated('stop'),
    transportState: gated('transportState'),
    subscribe: gated('subscribe'),
  };
}
