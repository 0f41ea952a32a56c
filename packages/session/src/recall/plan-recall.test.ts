import { isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { copy, fx, master, param, snapshot, track } from '../../test/recall/snapshot-builders.js';
import { applyRecallPlan } from './apply-recall-plan.js';
import { planRecall } from './plan-recall.js';

const ops = (plan: ReturnType<typeof planRecall>) => plan.operations.map((o) => o.op);
const reaperState = (data: string) => ({ daw: 'reaper', encoding: 'base64' as const, data });

const v1 = () =>
  snapshot(
    [
      track('01 Headlights', {
        guid: 'T1',
        songId: 'headlights',
        fx: [
          fx('Pro-Q 3', {
            guid: 'F1',
            preset: 'Master low cut',
            params: [
              param(0, 'Band 1 Frequency', 0.1, '30 Hz'),
              param(1, 'Band 2 Gain', 0.55, '+1.5 dB'),
            ],
            state: reaperState('QQ1'),
          }),
          fx('Pro-C 2', {
            guid: 'F2',
            params: [param(0, 'Threshold', 0.4), param(1, 'Ratio', 0.2)],
          }),
          fx('Pro-L 2', { guid: 'F3', params: [param(0, 'Gain', 0.5, '+3.0 dB')] }),
        ],
      }),
      track('02 City Lights', { guid: 'T2', songId: 'city-lights', volumeDb: -0.5 }),
    ],
    { master: master({ fx: [fx('ReaLimit', { params: [param(0, 'Threshold', 0.9)] })] }) },
  );

describe('planRecall', () => {
  it('plans nothing when nothing differs', () => {
    const a = v1();
    expect(planRecall(a, copy(a))).toEqual({
      operations: [],
      warnings: [],
      extraTracks: [],
      exact: false,
    });
    expect(planRecall(a, a, { exact: true }).operations).toEqual([]);
  });

  it('sets only the values that differ, one parameter batch per plug-in', () => {
    const current = v1();
    const target = copy(current);
    target.tracks[1]!.volumeDb = 0;
    target.tracks[1]!.mute = true;
    target.tracks[0]!.fx[0]!.params[1] = param(1, 'Band 2 Gain', 0.6, '+2.0 dB');
    target.master!.fx[0]!.params[0] = param(0, 'Threshold', 0.85);
    const plan = planRecall(current, target);
    expect(plan.operations).toEqual([
      {
        op: 'set-fx-params',
        track: { scope: 'track', index: 0, guid: 'T1', name: '01 Headlights' },
        fx: { position: 0, guid: 'F1', name: 'Pro-Q 3', plugin: target.tracks[0]!.fx[0]!.plugin },
        params: [param(1, 'Band 2 Gain', 0.6, '+2.0 dB')],
      },
      {
        op: 'set-track',
        track: { scope: 'track', index: 1, guid: 'T2', name: '02 City Lights' },
        values: { volumeDb: 0, mute: true },
      },
      {
        op: 'set-fx-params',
        track: { scope: 'master' },
        fx: { position: 0, name: 'ReaLimit', plugin: { id: 'JS:ReaLimit', format: 'JS' } },
        params: [param(0, 'Threshold', 0.85)],
      },
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('reorders a chain with the fewest moves, addressing slots as they are at each step', () => {
    const current = v1();
    const target = copy(current);
    const [q, c, l] = target.tracks[0]!.fx;
    target.tracks[0]!.fx = [l!, q!, c!];
    const plan = planRecall(current, target);
    expect(plan.operations).toMatchObject([
      { op: 'move-fx', fx: { position: 2, name: 'Pro-L 2' }, to: 0 },
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('moves and renames a track found by GUID, and keeps every other track in place', () => {
    const current = snapshot(['A', 'B', 'C', 'D'].map((n) => track(n, { guid: n })));
    const target = snapshot([
      track('A', { guid: 'A' }),
      track('C', { guid: 'C' }),
      track('D', { guid: 'D' }),
      track('B (new mix)', { guid: 'B' }),
    ]);
    const plan = planRecall(current, target);
    expect(plan.operations).toEqual([
      { op: 'move-track', track: { scope: 'track', index: 1, guid: 'B', name: 'B' }, to: 3 },
      {
        op: 'rename-track',
        track: { scope: 'track', index: 3, guid: 'B', name: 'B' },
        name: 'B (new mix)',
      },
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('replaces a plug-in: remove, add by identity at its slot, then every captured parameter', () => {
    const current = v1();
    const target = copy(current);
    target.tracks[0]!.fx[2] = fx('ReaLimit', {
      enabled: false,
      params: [param(0, 'Threshold', 0.7)],
    });
    const plan = planRecall(current, target);
    expect(plan.operations).toMatchObject([
      { op: 'remove-fx', fx: { position: 2, guid: 'F3', name: 'Pro-L 2' } },
      { op: 'add-fx', position: 2, plugin: { id: 'JS:ReaLimit' }, name: 'ReaLimit' },
      { op: 'set-fx-enabled', fx: { position: 2, name: 'ReaLimit' }, enabled: false },
      { op: 'set-fx-params', fx: { position: 2 }, params: [{ index: 0, normalized: 0.7 }] },
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('bypasses before changing parameters and enables only after', () => {
    const current = v1();
    const off = copy(current);
    off.tracks[0]!.fx[1]!.enabled = false;
    off.tracks[0]!.fx[1]!.params[0]!.normalized = 0.45;
    expect(ops(planRecall(current, off))).toEqual(['set-fx-enabled', 'set-fx-params']);
    const on = copy(off);
    on.tracks[0]!.fx[1]!.enabled = true;
    on.tracks[0]!.fx[1]!.params[0]!.normalized = 0.4;
    expect(ops(planRecall(off, on))).toEqual(['set-fx-params', 'set-fx-enabled']);
  });

  it('brings a plug-in online before setting it, and takes it offline last', () => {
    const current = v1();
    const offline = copy(current);
    offline.tracks[0]!.fx[2]!.offline = true;
    offline.tracks[0]!.fx[2]!.params[0]!.normalized = 0.6;
    expect(planRecall(current, offline).operations).toMatchObject([
      { op: 'set-fx-params' },
      { op: 'set-fx-offline', offline: true },
    ]);
    expect(planRecall(offline, current).operations).toMatchObject([
      { op: 'set-fx-offline', offline: false },
      { op: 'set-fx-params' },
    ]);
  });

  it('after loading a preset, sets every captured parameter (the load may change any)', () => {
    const current = v1();
    const target = copy(current);
    target.tracks[0]!.fx[1]!.preset = 'Glue';
    target.tracks[0]!.fx[1]!.params[1]!.normalized = 0.3;
    const plan = planRecall(current, target);
    expect(plan.operations).toMatchObject([
      { op: 'set-fx-preset', fx: { name: 'Pro-C 2' }, preset: 'Glue' },
      {
        op: 'set-fx-params',
        params: [
          { index: 0, normalized: 0.4 },
          { index: 1, normalized: 0.3 },
        ],
      },
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('does not touch a preset the target does not name', () => {
    const current = v1();
    const target = copy(current);
    delete target.tracks[0]!.fx[0]!.preset;
    expect(planRecall(current, target).operations).toEqual([]);
  });

  it('restores differing state blobs only when exact recall is asked', () => {
    const current = v1();
    const target = copy(current);
    target.tracks[0]!.fx[0]!.state = reaperState('QQ2');
    target.tracks[0]!.fx[0]!.params[1]!.normalized = 0.6;
    expect(planRecall(current, target).operations).toMatchObject([{ op: 'set-fx-params' }]);
    const plan = planRecall(current, target, { exact: true });
    expect(plan).toMatchObject({ exact: true, warnings: [] });
    expect(plan.operations).toEqual([
      expect.objectContaining({
        op: 'restore-fx-state',
        state: reaperState('QQ2'),
        params: target.tracks[0]!.fx[0]!.params,
        preset: 'Master low cut',
      }),
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('never restores a blob from another DAW: recalls parameters and says why', () => {
    const current = v1();
    const target = copy(current);
    target.tracks[0]!.fx[0]!.state = { daw: 'ardour', encoding: 'base64', data: 'AR' };
    target.tracks[0]!.fx[0]!.params[0]!.normalized = 0.2;
    const plan = planRecall(current, target, { exact: true });
    expect(ops(plan)).toEqual(['set-fx-params']);
    expect(plan.warnings).toEqual([
      '01 Headlights · Pro-Q 3: the saved plug-in state comes from ardour and cannot be restored here; recalled from its parameters instead',
    ]);
  });

  it('warns that a plug-in version cannot be recalled', () => {
    const current = snapshot([
      track('A', { fx: [fx('Pro-Q 3', { plugin: { id: 'q', format: 'VST3', version: '3.24' } })] }),
    ]);
    const target = snapshot([
      track('A', { fx: [fx('Pro-Q 3', { plugin: { id: 'q', format: 'VST3', version: '3.21' } })] }),
    ]);
    const plan = planRecall(current, target);
    expect(plan.operations).toEqual([]);
    expect(plan.warnings[0]).toContain('taken with version 3.21, the project runs 3.24');
  });

  it('adds a missing track empty with its settings and chain, and says so', () => {
    const current = snapshot([track('A', { guid: 'A' })]);
    const target = snapshot([
      track('New bus', {
        volumeDb: -2,
        width: 1,
        fx: [fx('Pro-L 2', { params: [param(0, 'Gain', 0.5)] })],
      }),
      track('A', { guid: 'A' }),
    ]);
    const plan = planRecall(current, target);
    expect(plan.operations).toMatchObject([
      { op: 'add-track', index: 0, name: 'New bus' },
      { op: 'set-track', track: { index: 0, name: 'New bus' }, values: { volumeDb: -2 } },
      { op: 'add-fx', track: { index: 0 }, position: 0, name: 'Pro-L 2' },
      { op: 'set-fx-params', params: [{ index: 0, normalized: 0.5 }] },
    ]);
    expect(plan.warnings).toEqual([
      'track "New bus" was not in the project: it is added empty, with its settings and plug-ins; load its audio',
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);

    const skipped = planRecall(current, target, { addMissingTracks: false });
    expect(skipped.operations).toEqual([]);
    expect(skipped.warnings).toEqual(['track "New bus" is not in the project and was not added']);
  });

  it('leaves tracks the snapshot lacks alone, unless asked to remove them', () => {
    const current = snapshot([
      track('Reference', { guid: 'R' }),
      track('A', { guid: 'A', pan: 0.5 }),
      track('Print', { guid: 'P' }),
    ]);
    const target = snapshot([track('A', { guid: 'A' })]);
    const plan = planRecall(current, target);
    expect(plan.operations).toMatchObject([
      { op: 'set-track', track: { index: 1, name: 'A' }, values: { pan: 0 } },
    ]);
    expect(plan.extraTracks).toEqual([
      { guid: 'R', name: 'Reference', index: 0 },
      { guid: 'P', name: 'Print', index: 2 },
    ]);
    expect(plan.warnings).toEqual([
      '2 tracks not in the snapshot are left as they are: "Reference", "Print"',
    ]);

    const removing = planRecall(current, target, { removeExtraTracks: true });
    expect(removing.operations).toMatchObject([
      { op: 'remove-track', track: { index: 2, name: 'Print' } },
      { op: 'remove-track', track: { index: 0, name: 'Reference' } },
      { op: 'set-track', track: { index: 0, name: 'A' } },
    ]);
    expect(applyRecallPlan(current, removing)).toEqual(target);
  });

  it('recalls the master bus only when the current state has one', () => {
    const current = snapshot([track('A')]);
    const target = snapshot([track('A')], { master: master({ volumeDb: -1 }) });
    const plan = planRecall(current, target);
    expect(plan.operations).toEqual([]);
    expect(plan.warnings[0]).toContain('no master bus captured');
  });

  it('recalls a snapshot whose tracks have no GUIDs, with duplicate names and GUIDs', () => {
    const current = snapshot([
      track('Audio', { guid: 'DUP', volumeDb: -1 }),
      track('Audio', { guid: 'DUP', volumeDb: -2 }),
      track('Bus'),
    ]);
    const target = snapshot([
      track('Bus', { volumeDb: null }),
      track('Audio', { guid: 'DUP', volumeDb: -2 }),
      track('Audio', { guid: 'DUP', volumeDb: -1.5 }),
    ]);
    const plan = planRecall(current, target);
    expect(plan.warnings).toEqual([
      'the GUID DUP belongs to several tracks; those tracks were matched by name',
    ]);
    expect(applyRecallPlan(current, plan)).toEqual(target);
  });

  it('checks its input', () => {
    expect(() => planRecall(v1(), { tracks: 'none' } as never)).toThrow(
      /target snapshot: \/tracks/,
    );
  });
});

describe('applyRecallPlan', () => {
  it('leaves its input alone', () => {
    const current = v1();
    const before = copy(current);
    const target = copy(current);
    target.tracks.reverse();
    target.tracks[0]!.fx.pop();
    applyRecallPlan(current, planRecall(current, target));
    expect(current).toEqual(before);
  });

  it('refuses a plan made for another state, naming the step', () => {
    const current = v1();
    const target = copy(current);
    target.tracks[1]!.volumeDb = -3;
    const plan = planRecall(current, target);
    const other = copy(current);
    other.tracks.reverse();
    try {
      applyRecallPlan(other, plan);
      expect.unreachable('should refuse');
    } catch (error) {
      expect(isTapeopError(error, 'CONFLICT')).toBe(true);
      expect((error as Error).message).toBe(
        'recall step 1 (set-track): expected track "02 City Lights" at position 2, found "01 Headlights"',
      );
    }
    const noFx = copy(current);
    noFx.tracks[0]!.fx = [];
    const fxPlan = planRecall(
      current,
      (() => {
        const t = copy(current);
        t.tracks[0]!.fx[2]!.enabled = false;
        return t;
      })(),
    );
    expect(() => applyRecallPlan(noFx, fxPlan)).toThrow('"01 Headlights" has no plug-in in slot 3');
  });

  it('refuses what is not a plan', () => {
    expect(() => applyRecallPlan(v1(), {} as never)).toThrow('no list of operations');
    try {
      applyRecallPlan(v1(), { operations: [{ op: 'format-disk' } as never] });
      expect.unreachable('should refuse');
    } catch (error) {
      expect(isTapeopError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toContain('"format-disk" is not a recall operation');
    }
  });
});
