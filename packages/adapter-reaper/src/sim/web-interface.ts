import { PAUSE, PLAY, RECORD, type SimProject, type SimTrack } from './project-model.js';
import { actions, type SimReaper } from './reaper-app.js';

// The simulated REAPER's web interface: the command grammar of REAPER's main.js ("Web Interface
// Modding" by X-Raym, from REAPER 5.31): GET /_/cmd;cmd;... runs the commands in order and
// answers one tab-separated line per result.

/** REAPER's escaping of strings in replies: backslash, newline and tab. */
export function escapeReplyString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** URL-decoding that leaves malformed escapes as they are instead of failing. */
export function urlDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const hex = value.slice(i + 1, i + 3);
      if (value[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(value[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
}

/** The web interface's playstate: 0 stop, 1 play, 2 pause, 5 record, 6 record-paused. */
export function webPlayState(bits: number): number {
  if (bits & PAUSE) return bits & RECORD ? 6 : 2;
  if (bits & PLAY) return bits & RECORD ? 5 : 1;
  return 0;
}

const fixed = (v: number) => v.toFixed(6);
const plain = (s: string) => s.replace(/[\t\n]/g, ' ');

function timeString(sec: number): string {
  const m = Math.floor(sec / 60);
  return `${m}:${(sec - m * 60).toFixed(3).padStart(6, '0')}`;
}

function beatsString(sec: number): string {
  // The simulated project runs at 120 BPM in 4/4.
  const beats = sec * 2;
  const measure = Math.floor(beats / 4) + 1;
  const beat = Math.floor(beats % 4) + 1;
  const hundredths = Math.floor((beats % 1) * 100);
  return `${measure}.${beat}.${String(hundredths).padStart(2, '0')}`;
}

function trackLine(project: SimProject, track: SimTrack): string {
  const index = track.isMaster ? 0 : project.trackNumber(track);
  let flags = 512 | 1024; // visible in the track panel and the mixer
  if (track.selected) flags |= 2;
  if (track.fx.length > 0) flags |= 4;
  if (track.mute) flags |= 8;
  if (track.solo === 1) flags |= 16;
  if (track.solo === 2) flags |= 32;
  if (track.recArm) flags |= 64;
  return [
    'TRACK',
    index,
    track.isMaster ? 'MASTER' : plain(track.name),
    flags,
    fixed(track.vol),
    fixed(track.pan),
    -1500,
    -1500,
    fixed(track.width),
    3,
    0,
    0,
    track.isMaster ? 1 : 0,
    track.color,
  ].join('\t');
}

const trackParams: Record<string, (t: SimTrack) => number | string> = {
  D_VOL: (t) => t.vol,
  D_PAN: (t) => t.pan,
  D_WIDTH: (t) => t.width,
  B_MUTE: (t) => (t.mute ? 1 : 0),
  I_SOLO: (t) => t.solo,
  B_PHASE: (t) => (t.phase ? 1 : 0),
  I_FXEN: (t) => (t.fxEnabled ? 1 : 0),
  I_SELECTED: (t) => (t.selected ? 1 : 0),
  I_RECARM: (t) => (t.recArm ? 1 : 0),
  P_NAME: (t) => t.name,
  GUID: (t) => t.guid,
};

export interface WebInterfaceHooks {
  /** OSC/oscstring[:value]: a message run through the OSC surface's processing. */
  osc?(address: string, args: Array<number | string>): void;
}

/** Runs one request's commands (the part after /_/) and returns the reply text. */
export function runWebCommands(
  app: SimReaper,
  commandText: string,
  hooks: WebInterfaceHooks = {},
): string {
  const project = app.project;
  const lines: string[] = [];
  const trackAt = (index: number): SimTrack | undefined =>
    index === 0 ? project.master : project.tracks[index - 1];

  for (const command of commandText.split(';')) {
    if (command === '') continue;
    const parts = command.split('/');
    const head = parts[0]!;

    if (/^\d+$/.test(command)) {
      const id = Number(command);
      if (id <= 65535) app.runAction(id);
      continue;
    }
    if (head.startsWith('_')) {
      const id = app.lookupCommand(head);
      if (id) app.runAction(id);
      continue;
    }
    switch (head) {
      case 'TRANSPORT': {
        const pos = project.position();
        lines.push(
          [
            'TRANSPORT',
            webPlayState(project.playStateBits),
            fixed(pos),
            project.repeat ? 1 : 0,
            timeString(pos),
            beatsString(pos),
          ].join('\t'),
        );
        continue;
      }
      case 'BEATPOS': {
        const pos = project.position();
        const beats = pos * 2;
        lines.push(
          [
            'BEATPOS',
            webPlayState(project.playStateBits),
            fixed(pos),
            fixed(beats),
            Math.floor(beats / 4),
            fixed(beats % 4),
            4,
            4,
          ].join('\t'),
        );
        continue;
      }
      case 'NTRACK':
        lines.push(`NTRACK\t${project.tracks.length}`);
        continue;
      case 'TRACK': {
        const range = parts[1];
        let from = 0;
        let to = project.tracks.length;
        if (range !== undefined && range !== '') {
          const m = /^(\d+)(?:-(\d+))?$/.exec(range);
          if (!m) continue;
          from = Number(m[1]);
          to = m[2] === undefined ? from : Number(m[2]);
        }
        for (let i = from; i <= Math.min(to, project.tracks.length); i++) {
          const t = trackAt(i);
          if (t) lines.push(trackLine(project, t));
        }
        continue;
      }
      case 'MARKER':
      case 'REGION': {
        const isRegion = head === 'REGION';
        lines.push(`${head}_LIST`);
        for (const m of project.markers.filter((x) => x.isRegion === isRegion)) {
          const fields = [head, plain(m.name), m.number, fixed(m.pos)];
          if (isRegion) fields.push(fixed(m.end));
          if (m.color) fields.push(m.color);
          lines.push(fields.join('\t'));
        }
        lines.push(`${head}_LIST_END`);
        continue;
      }
      case 'OSC': {
        const rest = urlDecode(command.slice(4));
        const colon = rest.lastIndexOf(':');
        const address = colon > 0 ? rest.slice(0, colon) : rest;
        const raw = colon > 0 ? rest.slice(colon + 1) : undefined;
        const args =
          raw === undefined ? [] : [raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw];
        hooks.osc?.(address.startsWith('/') ? address : `/${address}`, args);
        continue;
      }
      case 'GET':
        runGet(app, parts.slice(1), command, lines, trackAt);
        continue;
      case 'SET':
        runSet(app, parts.slice(1), trackAt);
        continue;
      default:
        // Commands REAPER does not know give no reply.
        continue;
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

function runGet(
  app: SimReaper,
  parts: string[],
  command: string,
  lines: string[],
  trackAt: (i: number) => SimTrack | undefined,
): void {
  const project = app.project;
  const what = parts[0] ?? '';
  if (what === 'EXTSTATE' || what === 'PROJEXTSTATE') {
    if (parts.length < 3) return;
    const section = urlDecode(parts[1]!);
    const key = urlDecode(parts.slice(2).join('/'));
    const value =
      what === 'EXTSTATE'
        ? app.extState.get(section, key)
        : (project.getProjExt(section, key) ?? '');
    lines.push([what, section, key, escapeReplyString(value)].join('\t'));
    return;
  }
  if (what === 'REPEAT') {
    lines.push(`GET/REPEAT\t${project.repeat ? 1 : 0}`);
    return;
  }
  if (what === 'TRACK') {
    const track = trackAt(Number(parts[1]));
    const param = parts[2];
    if (!track || !param || !/^\d+$/.test(parts[1] ?? '')) return;
    const read = trackParams[param];
    if (!read) {
      lines.push(command);
      return;
    }
    const value = read(track);
    lines.push(`${command}\t${typeof value === 'string' ? escapeReplyString(value) : value}`);
    return;
  }
  if (/^\d+$/.test(what) || what.startsWith('_')) {
    const id = app.lookupCommand(what);
    let state = -1;
    if (id === actions.play) state = project.playStateBits & PLAY ? 1 : 0;
    else if (id === actions.toggleRepeat) state = project.repeat ? 1 : 0;
    lines.push(`CMDSTATE\t${what}\t${state}`);
  }
}

function adjust(
  current: number,
  text: string,
  kind: 'db' | 'linear',
  min: number,
  max: number,
): number | undefined {
  const value = text.replace(/g$/, '');
  const n = Number(value);
  if (!Number.isFinite(n)) return undefined;
  if (value.startsWith('+') || value.startsWith('-')) {
    if (kind === 'db') {
      const db = current <= 0 ? -150 : 20 * Math.log10(current);
      return 10 ** ((db + n) / 20);
    }
    return Math.max(min, Math.min(max, current + n));
  }
  return Math.max(min, Math.min(max, n));
}

function runSet(
  app: SimReaper,
  parts: string[],
  trackAt: (i: number) => SimTrack | undefined,
): void {
  const project = app.project;
  const what = parts[0] ?? '';
  switch (what) {
    case 'EXTSTATE':
    case 'EXTSTATEPERSIST': {
      if (parts.length < 4) return;
      app.extState.set(
        urlDecode(parts[1]!),
        urlDecode(parts[2]!),
        urlDecode(parts.slice(3).join('/')),
        what === 'EXTSTATEPERSIST',
      );
      return;
    }
    case 'PROJEXTSTATE': {
      if (parts.length < 4) return;
      project.setProjExt(
        urlDecode(parts[1]!),
        urlDecode(parts[2]!),
        urlDecode(parts.slice(3).join('/')),
      );
      return;
    }
    case 'UNDO':
      project.beginUndo();
      project.endUndo(urlDecode(parts.slice(1).join('/')));
      return;
    case 'UNDO_BEGIN':
      project.beginUndo();
      return;
    case 'UNDO_END':
      project.endUndo(urlDecode(parts.slice(1).join('/')));
      return;
    case 'REPEAT': {
      const v = Number(parts[1]);
      const on = v < 0 ? !project.repeat : v !== 0;
      if (on !== project.repeat) app.runAction(actions.toggleRepeat);
      return;
    }
    case 'POS': {
      const v = Number(parts[1]);
      if (Number.isFinite(v)) project.locate(v);
      return;
    }
    case 'POS_STR': {
      const v = urlDecode(parts.slice(1).join('/'));
      const ref = /^([rRmM])(\d+)$/.exec(v);
      if (ref) {
        const isRegion = ref[1]!.toLowerCase() === 'r';
        const n = Number(ref[2]);
        const m =
          ref[1] === 'r' || ref[1] === 'm'
            ? project.findMarker(n, isRegion)
            : project.markers.filter((x) => x.isRegion === isRegion)[n - 1];
        if (m) project.locate(m.pos);
        return;
      }
      const clock = /^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(v);
      if (clock) {
        project.locate(Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]));
        return;
      }
      if (Number.isFinite(Number(v))) project.locate(Number(v));
      return;
    }
    case 'TRACK': {
      const track = trackAt(Number(parts[1]));
      const param = parts[2];
      const value = parts.slice(3).join('/');
      if (!track || !param || !/^\d+$/.test(parts[1] ?? '')) return;
      const toggle = (current: boolean) => (Number(value) < 0 ? !current : Number(value) !== 0);
      switch (param) {
        case 'VOL': {
          const v = adjust(track.vol, value, 'db', 0, 4);
          if (v !== undefined) project.setTrack(track, 'vol', v);
          return;
        }
        case 'PAN': {
          const v = adjust(track.pan, value, 'linear', -1, 1);
          if (v !== undefined) project.setTrack(track, 'pan', v);
          return;
        }
        case 'WIDTH': {
          const v = adjust(track.width, value, 'linear', -1, 1);
          if (v !== undefined) project.setTrack(track, 'width', v);
          return;
        }
        case 'MUTE':
          project.setTrack(track, 'mute', toggle(track.mute));
          return;
        case 'SOLO':
          project.setTrack(track, 'solo', toggle(track.solo !== 0) ? 1 : 0);
          return;
        case 'FX':
          project.setTrack(track, 'fxEnabled', toggle(track.fxEnabled));
          return;
        case 'RECARM':
          project.setTrack(track, 'recArm', toggle(track.recArm));
          return;
        case 'SEL':
          project.setTrack(track, 'selected', toggle(track.selected));
          return;
        case 'P_NAME':
          if (!track.isMaster) project.setTrack(track, 'name', urlDecode(value));
          return;
        default: {
          const n = Number(value);
          if (!Number.isFinite(n)) return;
          const fields: Record<string, () => void> = {
            D_VOL: () => project.setTrack(track, 'vol', Math.max(0, n)),
            D_PAN: () => project.setTrack(track, 'pan', n),
            D_WIDTH: () => project.setTrack(track, 'width', n),
            B_MUTE: () => project.setTrack(track, 'mute', n !== 0),
            I_SOLO: () => project.setTrack(track, 'solo', Math.trunc(n)),
            B_PHASE: () => project.setTrack(track, 'phase', n !== 0),
            I_FXEN: () => project.setTrack(track, 'fxEnabled', n !== 0),
            I_SELECTED: () => project.setTrack(track, 'selected', n !== 0),
            I_RECARM: () => project.setTrack(track, 'recArm', n !== 0),
          };
          fields[param]?.();
        }
      }
      return;
    }
  }
}
