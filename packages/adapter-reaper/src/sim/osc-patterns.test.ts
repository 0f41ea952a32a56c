import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterPackageRoot } from '../bridge/bridge-script.js';
import {
  fillOscAddress,
  matchOscAddress,
  oscSetting,
  parseOscPatternFile,
} from './osc-patterns.js';

describe('the OSC pattern-file parser', () => {
  const file = join(adapterPackageRoot(), 'osc', 'tapeop.ReaperOSC');
  const config = parseOscPatternFile(readFileSync(file, 'utf8'), file);

  it("reads tapeop's own pattern file: settings, actions, flags and targets", () => {
    expect(oscSetting(config, 'DEVICE_TRACK_COUNT', 8)).toBe(64);
    expect(config.settings.get('DEVICE_EQ')).toBe('EXISTING');
    const volume = config.byAction.get('TRACK_VOLUME')!;
    expect(volume.map((p) => `${p.flag}${p.address}`)).toEqual([
      'n/track/volume',
      'n/track/@/volume',
      's/track/volume/str',
      's/track/@/volume/str',
      'f/track/volume/db',
      'f/track/@/volume/db',
    ]);
    const param = config.byAction.get('FX_PARAM_VALUE')!.find((p) => p.segments[0] === 'track')!;
    expect(param.targets).toBe(3);
  });

  it('matches addresses with targets, comma lists and named actions', () => {
    const m = matchOscAddress(config, '/track/3/fx/1,2/fxparam/6,7/value')!;
    expect(m.pattern.action).toBe('FX_PARAM_VALUE');
    expect(m.targets).toEqual([[3], [1, 2], [6, 7]]);
    expect(matchOscAddress(config, '/track/volume')!.pattern.address).toBe('/track/volume');
    expect(matchOscAddress(config, '/action/_TAPEOP_BRIDGE')!.raw).toEqual(['_TAPEOP_BRIDGE']);
    expect(matchOscAddress(config, '/track/x/volume')).toBeUndefined();
    expect(matchOscAddress(config, '/nothing/here')).toBeUndefined();
    expect(fillOscAddress(param(config), [2, 1, 5])).toBe('/track/2/fx/1/fxparam/5/value');
  });

  it('reads the Default.ReaperOSC way of writing: several lines per action, comments anywhere', () => {
    const text =
      '# a comment\nDEVICE_TRACK_COUNT 8\n\nTRACK_MUTE b/track/mute b/track/@/mute # trailing\nTRACK_MUTE t/track/@/mute/toggle\nSCROLL_X- b/scroll/x/- r/scroll/x\nEMPTY_ACTION\r\n';
    const c = parseOscPatternFile(text, 'x.ReaperOSC');
    expect(c.byAction.get('TRACK_MUTE')).toHaveLength(3);
    expect(c.byAction.get('SCROLL_X-')!.map((p) => p.flag)).toEqual(['b', 'r']);
    expect(c.patterns.every((p) => p.line > 0)).toBe(true);
  });

  it('refuses broken lines with the file and line number', () => {
    expect(() => parseOscPatternFile('TRACK_VOLUME x/track/@/volume', 'bad.ReaperOSC')).toThrow(
      /bad\.ReaperOSC:1: "x\/track\/@\/volume" is not a pattern/,
    );
    expect(() => parseOscPatternFile('\n\ntrack_volume n/track/volume', 'bad.ReaperOSC')).toThrow(
      /bad\.ReaperOSC:3/,
    );
    expect(() => parseOscPatternFile('TRACK_VOLUME n/track//volume', 'bad.ReaperOSC')).toThrow(
      /empty address part/,
    );
    expect(() =>
      parseOscPatternFile('TRACK_VOLUME n/track/volume volume', 'bad.ReaperOSC'),
    ).toThrow(/"volume" is not a pattern/);
  });
});

function param(c: ReturnType<typeof parseOscPatternFile>) {
  return c.byAction.get('FX_PARAM_VALUE')!.find((p) => p.segments[0] === 'track')!;
}
