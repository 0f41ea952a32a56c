import { describe, expect, it } from 'vitest';
import { type MixFileName, parseMixFileName, titleKey } from './mix-file-name.js';

type Expected = Partial<Omit<MixFileName, 'fileName' | 'titleKey'>>;

const cases: Array<[string, Expected]> = [
  // The examples.
  [
    '01 - Song Title (Master v3).wav',
    { trackNumber: 1, title: 'Song Title', versionLabel: 'Master v3', versionNumber: 3 },
  ],
  [
    '01_Song_Title_MIX_v2_24b96k.wav',
    {
      trackNumber: 1,
      title: 'Song Title',
      versionLabel: 'MIX v2',
      versionNumber: 2,
      formatHint: { bitDepth: 24, sampleRate: 96000 },
    },
  ],
  ['Song Title.aif', { trackNumber: undefined, title: 'Song Title', versionLabel: undefined }],
  ['A1 Song.wav', { vinyl: { side: 'A', position: 1 }, trackNumber: undefined, title: 'Song' }],
  // Track number styles.
  ['02. City Lights.wav', { trackNumber: 2, title: 'City Lights' }],
  ['03-Night Drive.wav', { trackNumber: 3, title: 'Night Drive' }],
  ['04 Headlights.flac', { trackNumber: 4, title: 'Headlights' }],
  ['5) Outro.wav', { trackNumber: 5, title: 'Outro' }],
  ['Track 07 - Song.wav', { trackNumber: 7, title: 'Song' }],
  ['1-03 Song.flac', { discNumber: 1, trackNumber: 3, title: 'Song' }],
  ['CD2-01 Opening.wav', { discNumber: 2, trackNumber: 1, title: 'Opening' }],
  [
    'B2 - Another Song (Final).wav',
    { vinyl: { side: 'B', position: 2 }, title: 'Another Song', isFinal: true },
  ],
  ['The Band - 09 - Song.wav', { artist: 'The Band', trackNumber: 9, title: 'Song' }],
  // Version labels.
  [
    '02. City Lights FINAL.wav',
    { title: 'City Lights', versionLabel: 'FINAL', isFinal: true, versionNumber: undefined },
  ],
  [
    '03 Night Drive_FINAL_v2.wav',
    { title: 'Night Drive', versionLabel: 'FINAL v2', isFinal: true, versionNumber: 2 },
  ],
  [
    '08 Song [Mix 4] 16-44.1.wav',
    {
      title: 'Song',
      versionLabel: 'Mix 4',
      versionNumber: 4,
      formatHint: { bitDepth: 16, sampleRate: 44100 },
    },
  ],
  ['09 Song Mix 12.wav', { title: 'Song', versionLabel: 'Mix 12', versionNumber: 12 }],
  ['01 - Song - Master v3.wav', { title: 'Song', versionLabel: 'Master v3', versionNumber: 3 }],
  ['01 Song_v1.2.wav', { title: 'Song', versionLabel: 'v1.2', versionNumber: 1.2 }],
  ['10 Song feat. Guest (Master).wav', { title: 'Song feat. Guest', versionLabel: 'Master' }],
  [
    '11 Ballad (Premaster Rev3).wav',
    { title: 'Ballad', versionLabel: 'Premaster Rev3', versionNumber: 3 },
  ],
  ['12 Song_mixdown_v07.aif', { title: 'Song', versionLabel: 'mixdown v07', versionNumber: 7 }],
  // What stays in the title.
  [
    '04 - Headlights (Instrumental).wav',
    { title: 'Headlights (Instrumental)', versionLabel: undefined },
  ],
  [
    '04 - Headlights (Instrumental) (Master v2).wav',
    { title: 'Headlights (Instrumental)', versionLabel: 'Master v2' },
  ],
  ['07 Song (Radio Edit).wav', { title: 'Song (Radio Edit)' }],
  ['11 Love Song (Alt Mix).wav', { title: 'Love Song (Alt Mix)' }],
  ['12 Song (TV Mix) v2.wav', { title: 'Song (TV Mix)', versionLabel: 'v2' }],
  ['01 - Blue Morning (Reprise).wav', { title: 'Blue Morning (Reprise)' }],
  ['Final Countdown.wav', { title: 'Final Countdown', versionLabel: undefined, isFinal: false }],
  ['Mix.wav', { title: 'Mix', versionLabel: undefined }],
  ['Rock & Roll - Part 2.wav', { title: 'Rock & Roll - Part 2' }],
  // Dates.
  [
    'Song Title 2024-03-15.wav',
    { title: 'Song Title', date: '2024-03-15', versionLabel: '2024-03-15' },
  ],
  ['Song_Title_20240315.wav', { title: 'Song Title', date: '2024-03-15' }],
  [
    '240315_Song_Title_mix3.wav',
    { title: 'Song Title', date: '2024-03-15', versionLabel: '240315 mix3', versionNumber: 3 },
  ],
  [
    '01 Song (Mastered 2024-05-01 v4).wav',
    { title: 'Song', date: '2024-05-01', versionLabel: 'Mastered 2024-05-01 v4', versionNumber: 4 },
  ],
  ['Song 15.03.2024.wav', { title: 'Song', date: '2024-03-15' }],
  ['Song 999999.wav', { title: 'Song 999999', date: undefined }],
  // Resolution in the name.
  [
    '05_Outro_24-96.wav',
    {
      trackNumber: 5,
      title: 'Outro',
      versionLabel: undefined,
      formatHint: { bitDepth: 24, sampleRate: 96000 },
    },
  ],
  [
    '01 Song 32f 96k.wav',
    { title: 'Song', formatHint: { bitDepth: 32, float: true, sampleRate: 96000 } },
  ],
  ['Song 44k1 16bit.wav', { title: 'Song', formatHint: { sampleRate: 44100, bitDepth: 16 } }],
  ['Song (24-96).wav', { title: 'Song', formatHint: { bitDepth: 24, sampleRate: 96000 } }],
  ['Song 24bit_48kHz.wav', { title: 'Song', formatHint: { bitDepth: 24, sampleRate: 48000 } }],
];

describe('parseMixFileName', () => {
  it.each(cases)('%s', (fileName, expected) => {
    const parsed = parseMixFileName(fileName);
    expect(parsed).toMatchObject(expected);
    expect(parsed.fileName).toBe(fileName);
  });

  it('takes off a leading album artist when it is given', () => {
    expect(
      parseMixFileName('The Example Band - Headlights.wav', { artist: 'The Example Band' }),
    ).toMatchObject({
      artist: 'The Example Band',
      title: 'Headlights',
    });
    expect(parseMixFileName('The Example Band - Headlights.wav')).toMatchObject({
      artist: undefined,
      title: 'The Example Band - Headlights',
    });
  });

  it('reads only the last part of a path', () => {
    expect(parseMixFileName('mixes/v3/01 - Song.wav')).toMatchObject({
      fileName: '01 - Song.wav',
      title: 'Song',
    });
  });

  it('never leaves the title empty', () => {
    expect(parseMixFileName('01.wav').title).toBe('01');
    expect(parseMixFileName('v3.wav').title).toBe('v3');
  });
});

describe('titleKey', () => {
  it.each([
    ['Blue Morning (Reprise)', 'blue morning reprise'],
    ['Café  Société', 'cafe societe'],
    ["Don't Stop", 'dont stop'],
    ['Rock & Roll', 'rock and roll'],
    ['ROCK AND ROLL', 'rock and roll'],
  ])('%s → %s', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });
});
