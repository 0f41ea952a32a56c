import { element, type XmlElement } from '../xml/xml-node.js';
import { SUPERCLOCK_PER_SECOND } from './superclock.js';

/**
 * Builders for the parts of an Ardour 7 session file (format version 7002). The shapes follow
 * what Ardour 7.3 writes itself; Ardour fills in what is left out (trigger slots, automation
 * lists) when it loads the session, and says so in its log only for parts it cannot invent.
 */
export const ARDOUR_SESSION_FORMAT = '7002';

/** Hands out the object ids of one session file; Ardour needs them unique and below id-counter. */
export class IdAllocator {
  #next: number;
  constructor(first = 100) {
    this.#next = first;
  }
  next(): string {
    return String(this.#next++);
  }
  /** The value for the session's id-counter attribute. */
  get counter(): number {
    return this.#next;
  }
}

/** The OSC surface, on, answering the sender's own port (address-only="0"). */
export function oscProtocol(): XmlElement {
  return element('Protocol', {
    name: 'Open Sound Control (OSC)',
    active: '1',
    debugmode: '0',
    'address-only': '0',
    'remote-port': '8000',
    banksize: '0',
    striptypes: '31',
    feedback: '0',
    gainmode: '0',
    'send-page-size': '0',
    'plugin-page-size': '0',
  });
}

export function tempoMap(): XmlElement {
  return element('TempoMap', { 'superclocks-per-second': SUPERCLOCK_PER_SECOND }, [
    element('Tempos', {}, [
      element('Tempo', {
        npm: '120',
        enpm: '120',
        'note-type': '4',
        type: 'Tempo::Constant',
        active: '1',
        'locked-to-meter': '0',
        continuing: '0',
        sclock: '0',
        quarters: '0:0',
        bbt: '1|1|0',
        omega: '0',
      }),
    ]),
    element('Meters', {}, [
      element('Meter', {
        'note-value': '4',
        'divisions-per-bar': '4',
        sclock: '0',
        quarters: '0:0',
        bbt: '1|1|0',
      }),
    ]),
    element('MusicTimes'),
  ]);
}

export interface StripState {
  gain: number;
  mute: boolean;
  solo: boolean;
  phaseInvert: boolean;
  /** Ardour's pan azimuth: 0 is hard left, 0.5 the centre, 1 hard right. */
  azimuth: number;
}

export const neutralStrip: StripState = {
  gain: 1,
  mute: false,
  solo: false,
  phaseInvert: false,
  azimuth: 0.5,
};

function ports(route: string, direction: 'in' | 'out', count: number, connectTo?: string[]) {
  return Array.from({ length: count }, (_, i) =>
    element(
      'Port',
      { type: 'audio', name: `${route}/audio_${direction} ${i + 1}` },
      connectTo?.[i] ? [element('Connection', { other: connectTo[i] })] : [],
    ),
  );
}

function strip(ids: IdAllocator, name: string, state: StripState, channels: number) {
  const toggle = (value: boolean) => (value ? '1' : '0');
  return {
    controls: [
      element('Controllable', {
        name: 'solo',
        id: ids.next(),
        flags: 'Toggle,RealTime',
        value: toggle(state.solo),
        'self-solo': toggle(state.solo),
        'soloed-by-upstream': '0',
        'soloed-by-downstream': '0',
      }),
      element('Controllable', {
        name: 'solo-iso',
        id: ids.next(),
        flags: 'Toggle,RealTime',
        value: '0',
        'solo-isolated': '0',
      }),
      element('Controllable', {
        name: 'solo-safe',
        id: ids.next(),
        flags: 'Toggle',
        value: '0',
        'solo-safe': '0',
      }),
    ],
    mute: [
      element('MuteMaster', { 'mute-point': 'PostFader,Listen,Main', muted: toggle(state.mute) }),
      element('Controllable', {
        name: 'mute',
        id: ids.next(),
        flags: 'Toggle,RealTime',
        value: toggle(state.mute),
      }),
      element('Controllable', {
        name: 'phase',
        id: ids.next(),
        flags: 'Toggle',
        value: toggle(state.phaseInvert),
        'phase-invert': (state.phaseInvert ? '1' : '0').repeat(channels),
      }),
    ],
    pannable: element('Pannable', {}, [
      element('Controllable', {
        name: 'pan-azimuth',
        id: ids.next(),
        flags: '',
        value: state.azimuth,
      }),
      element('Controllable', { name: 'pan-width', id: ids.next(), flags: '', value: '0' }),
      element('Controllable', { name: 'pan-elevation', id: ids.next(), flags: '', value: '0' }),
      element('Controllable', { name: 'pan-frontback', id: ids.next(), flags: '', value: '0' }),
      element('Controllable', { name: 'pan-lfe', id: ids.next(), flags: '', value: '0' }),
    ]),
    processors: (track: boolean): XmlElement[] => {
      const processor = (attrs: Record<string, string>, children: XmlElement[] = []) =>
        element(
          'Processor',
          { id: ids.next(), ...attrs, active: '1', 'user-latency': '0', 'use-user-latency': '0' },
          children,
        );
      return [
        ...(track
          ? [
              processor({ name: `recorder:${name}`, type: 'diskwriter', 'record-safe': '0' }),
              processor({ name: `player:${name}`, type: 'diskreader' }),
            ]
          : []),
        processor({ name: 'Polarity', type: 'polarity' }),
        processor({ name: 'Amp', type: 'trim' }, [
          element('Controllable', {
            name: 'trimcontrol',
            id: ids.next(),
            flags: 'GainLike',
            value: '1',
          }),
        ]),
        processor({ name: 'Amp', type: 'amp' }, [
          element('Controllable', {
            name: 'gaincontrol',
            id: ids.next(),
            flags: 'GainLike',
            value: state.gain,
          }),
        ]),
        processor({ name: `meter-${name}`, type: 'meter' }),
        processor(
          {
            name,
            'own-input': '1',
            'own-output': '0',
            output: name,
            type: 'main-outs',
            role: 'Main',
          },
          [element('PannerShell', { bypassed: '0', 'user-panner': '', 'linked-to-route': '1' })],
        ),
      ];
    },
  };
}

/** The master bus: stereo in and out, playing to the first two system outputs. */
export function masterRoute(ids: IdAllocator, state: StripState = neutralStrip): XmlElement {
  const name = 'Master';
  const s = strip(ids, name, state, 2);
  return element(
    'Route',
    {
      version: ARDOUR_SESSION_FORMAT,
      id: ids.next(),
      name,
      'default-type': 'audio',
      'strict-io': '1',
      active: '1',
      'denormal-protection': '0',
      'meter-point': 'MeterOutput',
      'disk-io-point': 'DiskIOPreFader',
      'meter-type': 'MeterK14',
    },
    [
      element('PresentationInfo', { order: '0', flags: 'MasterOut,OrderSet', color: '0' }),
      ...s.controls,
      element('IO', { name, id: ids.next(), direction: 'Input', 'default-type': 'audio' }, [
        ...ports(name, 'in', 2),
      ]),
      element('IO', { name, id: ids.next(), direction: 'Output', 'default-type': 'audio' }, [
        ...ports(name, 'out', 2, ['system:playback_1', 'system:playback_2']),
      ]),
      ...s.mute,
      s.pannable,
      ...s.processors(false),
    ],
  );
}

export interface TrackSpec {
  name: string;
  /** Input channels: 1 for a mono mix, 2 for stereo. */
  channels: number;
  order: number;
  state?: StripState;
}

/** An audio track feeding the master bus, and its (empty) playlist. */
export function audioTrack(
  ids: IdAllocator,
  spec: TrackSpec,
): { route: XmlElement; playlist: XmlElement; routeId: string } {
  const { name, channels } = spec;
  const s = strip(ids, name, spec.state ?? neutralStrip, channels);
  const routeId = ids.next();
  const playlistId = ids.next();
  const route = element(
    'Route',
    {
      version: ARDOUR_SESSION_FORMAT,
      id: routeId,
      name,
      'default-type': 'audio',
      'strict-io': '1',
      active: '1',
      'denormal-protection': '0',
      'meter-point': 'MeterPostFader',
      'disk-io-point': 'DiskIOPreFader',
      'meter-type': 'MeterPeak',
      'audio-playlist': playlistId,
      'saved-meter-point': 'MeterPostFader',
      'alignment-choice': 'Automatic',
      mode: 'Normal',
    },
    [
      element('PresentationInfo', { order: spec.order, flags: 'AudioTrack,OrderSet', color: '0' }),
      ...s.controls,
      element('IO', { name, id: ids.next(), direction: 'Input', 'default-type': 'audio' }, [
        ...ports(name, 'in', channels),
      ]),
      element('IO', { name, id: ids.next(), direction: 'Output', 'default-type': 'audio' }, [
        ...ports(name, 'out', 2, ['Master/audio_in 1', 'Master/audio_in 2']),
      ]),
      ...s.mute,
      s.pannable,
      ...s.processors(true),
      element('Controllable', {
        name: 'monitor',
        id: ids.next(),
        flags: 'RealTime',
        value: '0',
        monitoring: '',
      }),
      element('Controllable', {
        name: 'rec-safe',
        id: ids.next(),
        flags: 'Toggle,RealTime',
        value: '0',
      }),
      element('Controllable', {
        name: 'rec-enable',
        id: ids.next(),
        flags: 'Toggle,RealTime',
        value: '0',
      }),
    ],
  );
  const playlist = element('Playlist', {
    id: playlistId,
    name,
    type: 'audio',
    'orig-track-id': routeId,
    'pgroup-id': '',
    'shared-with-ids': '',
    frozen: '0',
    'combine-ops': '0',
  });
  return { route, playlist, routeId };
}

export interface RegionSpec {
  name: string;
  /** One source id per channel. */
  sourceIds: string[];
  /** Where in the sources the region starts, in superclock ticks. */
  start: number;
  length: number;
  position: number;
  wholeFile: boolean;
  scaleAmplitude?: number;
  fadeIn?: XmlElement;
  fadeOut?: XmlElement;
}

export function region(ids: IdAllocator, spec: RegionSpec): XmlElement {
  const attrs: Record<string, string | number> = {
    name: spec.name,
    muted: '0',
    opaque: '1',
    locked: '0',
    'video-locked': '0',
    automatic: spec.wholeFile ? '1' : '0',
    'whole-file': spec.wholeFile ? '1' : '0',
    import: '1',
    external: '0',
    'sync-marked': '0',
    'left-of-split': '0',
    'right-of-split': '0',
    hidden: '0',
    'position-locked': '0',
    'valid-transients': '0',
    start: `a${spec.start}`,
    length: `a${spec.length}@a${spec.position}`,
    'sync-position': 'a0',
    'ancestral-start': 'a0',
    'ancestral-length': 'a0@a0',
    stretch: '1',
    shift: '1',
    'layering-index': '0',
    tags: '',
    contents: '0',
    'envelope-active': '0',
    'default-fade-in': spec.fadeIn ? '0' : '1',
    'default-fade-out': spec.fadeOut ? '0' : '1',
    // Ardour gives every region a 64-sample fade unless told otherwise; a mastering session
    // plays the delivered mix untouched, so only the fades the session asks for are active.
    'fade-in-active': spec.fadeIn ? '1' : '0',
    'fade-out-active': spec.fadeOut ? '1' : '0',
    'scale-amplitude': spec.scaleAmplitude ?? 1,
    id: ids.next(),
    type: 'audio',
    'first-edit': 'nothing',
  };
  spec.sourceIds.forEach((id, i) => {
    attrs[`source-${i}`] = id;
    attrs[`master-source-${i}`] = id;
  });
  attrs.channels = spec.sourceIds.length;
  const children: XmlElement[] = [];
  if (spec.fadeIn) children.push(spec.fadeIn);
  if (spec.fadeOut) children.push(spec.fadeOut);
  return element('Region', attrs, children);
}

export function source(
  ids: IdAllocator,
  fileName: string,
  channel: number,
  timestamp: number,
): XmlElement {
  return element('Source', {
    name: fileName,
    type: 'audio',
    flags: '',
    id: ids.next(),
    timestamp,
    'natural-position': 'a0',
    channel,
    origin: '',
    gain: '1',
  });
}

export interface LocationSpec {
  name: string;
  start: number;
  end: number;
  flags: string[];
  cdInfo?: Record<string, string>;
}

export function location(ids: IdAllocator, spec: LocationSpec, timestamp: number): XmlElement {
  return element(
    'Location',
    {
      id: ids.next(),
      name: spec.name,
      start: `a${spec.start}`,
      end: `a${spec.end}`,
      flags: spec.flags.join(','),
      locked: '0',
      timestamp,
      cue: '0',
    },
    Object.entries(spec.cdInfo ?? {}).map(([name, value]) => element('CD-Info', { name, value })),
  );
}

/** The click's output, which Ardour expects to find in every session. */
export function click(ids: IdAllocator): XmlElement {
  return element('Click', {}, [
    element('IO', { name: 'Click', id: ids.next(), direction: 'Output', 'default-type': 'audio' }, [
      ...ports('Click', 'out', 2, ['system:playback_1', 'system:playback_2']),
    ]),
    element(
      'Processor',
      {
        id: ids.next(),
        name: 'Amp',
        active: '1',
        'user-latency': '0',
        'use-user-latency': '0',
        type: 'amp',
      },
      [
        element('Controllable', {
          name: 'gaincontrol',
          id: ids.next(),
          flags: 'GainLike',
          value: '1',
        }),
      ],
    ),
  ]);
}
