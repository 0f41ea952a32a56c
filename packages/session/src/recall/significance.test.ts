import { describe, expect, it } from 'vitest';
import { fx, marker, param, snapshot, track } from '../../test/recall/snapshot-builders.js';
import { diffSnapshots } from './diff-snapshots.js';
import { filterSignificantChanges, isSignificantChange } from './significance.js';

describe('filterSignificantChanges', () => {
  it('drops volume changes under 0.05 dB and keeps 0.05 dB itself', () => {
    const a = snapshot([
      track('A', { volumeDb: -0.5 }),
      track('B', { volumeDb: -0.5 }),
      track('C'),
    ]);
    const b = snapshot([
      track('A', { volumeDb: -0.45 }),
      track('B', { volumeDb: -0.46 }),
      track('C', { volumeDb: null }),
    ]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toHaveLength(3);
    expect(filterSignificantChanges(changes)).toMatchObject([
      { track: { name: 'A' } },
      { track: { name: 'C' } },
    ]);
    expect(filterSignificantChanges(changes, { volumeDb: 0 })).toHaveLength(3);
    expect(filterSignificantChanges(changes, { volumeDb: 1 })).toMatchObject([
      { track: { name: 'C' } },
    ]);
  });

  it('measures dB parameters in dB and the rest on the normalized scale', () => {
    const one = (...params: ReturnType<typeof param>[]) =>
      snapshot([track('A', { fx: [fx('Pro-Q 3', { params })] })]);
    const { changes } = diffSnapshots(
      one(
        param(0, 'Gain', 0.5, '+1.50 dB', 'dB'),
        param(1, 'Freq', 0.3, '1000 Hz'),
        param(2, 'Q', 0.3),
      ),
      one(
        param(0, 'Gain', 0.5005, '+1.52 dB', 'dB'),
        param(1, 'Freq', 0.3004, '1001 Hz'),
        param(2, 'Q', 0.302),
      ),
    );
    expect(changes).toHaveLength(3);
    expect(filterSignificantChanges(changes).map((c) => 'param' in c && c.param.name)).toEqual([
      'Q',
    ]);
    expect(
      filterSignificantChanges(changes, { paramDb: 0.01, paramNormalized: 0.0001 }),
    ).toHaveLength(3);
  });

  it('ignores a parameter whose display did not change, unless asked', () => {
    const one = (p: ReturnType<typeof param>) =>
      snapshot([track('A', { fx: [fx('ReaEQ', { params: [p] })] })]);
    const [change] = diffSnapshots(
      one(param(0, 'Mode', 0.1, 'Bell')),
      one(param(0, 'Mode', 0.2, 'Bell')),
    ).changes;
    expect(isSignificantChange(change!)).toBe(false);
    expect(isSignificantChange(change!, { ignoreSameDisplay: false })).toBe(true);
  });

  it('always keeps changes without a size, and marker edits other than small moves', () => {
    const a = snapshot([track('A', { fx: [fx('Pro-L 2')] })], {
      markers: [marker({ id: 'm', kind: 'cd-track', timeSamples: 88200, isrc: 'QZES52600001' })],
    });
    const b = snapshot([track('A', { mute: true, fx: [fx('Pro-L 2', { enabled: false })] })], {
      markers: [marker({ id: 'm', kind: 'cd-track', timeSamples: 88201, isrc: 'QZES52600002' })],
    });
    const { changes } = diffSnapshots(a, b);
    expect(filterSignificantChanges(changes, { markerSec: 1 })).toHaveLength(3);
    const moved = snapshot([], {
      markers: [marker({ id: 'm', kind: 'cd-track', timeSamples: 88201, isrc: 'QZES52600001' })],
    });
    expect(
      filterSignificantChanges(diffSnapshots(a, moved).changes, { markerSec: 0.01 }).filter(
        (c) => c.kind === 'marker-changed',
      ),
    ).toEqual([]);
  });
});
