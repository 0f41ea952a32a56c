import type { PluginIdentity } from '@tapeop/core';
import type { FxTarget, RecallOperation, RecallPlan, TrackTarget } from '@tapeop/session';

// A recall plan (@tapeop/session's planRecall) as the bridge's applySnapshot operations: the
// same operations in the same order, with gains made linear and plug-ins named the way
// TrackFX_AddByName finds them. The bridge checks every target before it acts.

const track = (t: TrackTarget) =>
  t.scope === 'master'
    ? { master: true }
    : { index: t.index, ...(t.guid ? { guid: t.guid } : {}), name: t.name };

const fx = (f: FxTarget) => ({
  position: f.position,
  ...(f.guid ? { guid: f.guid } : {}),
  name: f.name,
  ident: f.plugin.id,
});

const prefixes: Partial<Record<PluginIdentity['format'], string>> = {
  VST: 'VST',
  VST3: 'VST3',
  AU: 'AU',
  CLAP: 'CLAP',
  JS: 'JS',
  LV2: 'LV2',
};

/** The names to try with TrackFX_AddByName, most exact first. */
export function addByNameCandidates(plugin: PluginIdentity, name: string): string[] {
  const names = [plugin.id];
  const prefix = prefixes[plugin.format];
  const bare = plugin.id.replace(/^[A-Za-z0-9]+:\s*/, '');
  if (prefix && !plugin.id.startsWith(`${prefix}:`)) names.push(`${prefix}: ${bare}`);
  if (name !== plugin.id) names.push(name);
  return [...new Set(names)];
}

export interface BridgeRecall {
  ops: Array<Record<string, unknown>>;
  warnings: string[];
}

export function bridgeRecallOps(plan: RecallPlan): BridgeRecall {
  const warnings: string[] = [];
  const ops: Array<Record<string, unknown>> = [];
  for (const op of plan.operations as RecallOperation[]) {
    switch (op.op) {
      case 'add-track':
        ops.push({
          op: op.op,
          index: op.index,
          name: op.name,
          ...(op.songId ? { songId: op.songId } : {}),
        });
        break;
      case 'remove-track':
        ops.push({ op: op.op, track: track(op.track) });
        break;
      case 'move-track':
        ops.push({ op: op.op, track: track(op.track), to: op.to });
        break;
      case 'rename-track':
        ops.push({ op: op.op, track: track(op.track), name: op.name });
        break;
      case 'set-track': {
        const v = op.values;
        const set: Record<string, unknown> = {};
        if (v.volumeDb !== undefined) set.vol = v.volumeDb === null ? 0 : 10 ** (v.volumeDb / 20);
        if (v.pan !== undefined) set.pan = v.pan;
        if (v.width !== undefined) set.width = v.width;
        if (v.mute !== undefined) set.mute = v.mute;
        if (v.solo !== undefined) set.solo = v.solo;
        if (v.phaseInvert !== undefined) set.phase = v.phaseInvert;
        ops.push({ op: op.op, track: track(op.track), set });
        break;
      }
      case 'add-fx':
        ops.push({
          op: op.op,
          track: track(op.track),
          position: op.position,
          names: addByNameCandidates(op.plugin, op.name),
          name: op.name,
        });
        break;
      case 'remove-fx':
        ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx) });
        break;
      case 'move-fx':
        ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx), to: op.to });
        break;
      case 'rename-fx':
        ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx), name: op.name });
        break;
      case 'set-fx-enabled':
        ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx), enabled: op.enabled });
        break;
      case 'set-fx-offline':
        ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx), offline: op.offline });
        break;
      case 'set-fx-preset':
        ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx), preset: op.preset });
        break;
      case 'set-fx-params':
        ops.push({
          op: op.op,
          track: track(op.track),
          fx: fx(op.fx),
          values: op.params.map((p) => [p.index, p.normalized]),
        });
        break;
      case 'restore-fx-state':
        if (op.state.daw !== 'reaper' || op.state.kind !== 'reaper-fx-chunk') {
          warnings.push(
            `${op.fx.name}: its state comes from ${op.state.daw}, not REAPER; only its parameters are recalled`,
          );
          ops.push({
            op: 'set-fx-params',
            track: track(op.track),
            fx: fx(op.fx),
            values: op.params.map((p) => [p.index, p.normalized]),
          });
        } else {
          ops.push({ op: op.op, track: track(op.track), fx: fx(op.fx), state: op.state.data });
        }
        break;
    }
  }
  return { ops, warnings };
}
