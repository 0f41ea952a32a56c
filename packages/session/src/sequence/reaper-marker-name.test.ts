import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isTapeopError, type Marker, parseSession } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { cdTextLanguage } from './cd-text-languages.js';
import { buildMarkers } from './markers.js';
import {
  markerFromReaperName,
  parseReaperMarkerName,
  reaperAlbumCreditProblems,
  renderReaperMarkerName,
} from './reaper-marker-name.js';
import { buildTimeline } from './timeline.js';

function smallAlbumMarkers(): Marker[] {
  const path = fileURLToPath(
    new URL('../../../core/examples/small-album/session.json', import.meta.url),
  );
  const result = parseSession(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error('the core example session no longer validates');
  return buildMarkers(buildTimeline(result.value));
}

const marker = (fields: Partial<Marker> & Pick<Marker, 'kind'>): Marker => ({
  schema: 'Marker.1',
  timeSamples: 0,
  sampleRate: 44_100,
  ...fields,
});

describe('renderReaperMarkerName', () => {
  it('renders the small album exactly', () => {
    const names = smallAlbumMarkers()
      .filter((m) => m.kind !== 'region')
      .map((m) => renderReaperMarkerName(m).name);
    expect(names).toEqual([
      '!',
      '#TITLE=Headlights|PERFORMER=The Example Band|SONGWRITER=A. Writer|ISRC=QZES52600001',
      '!',
      '#TITLE=City Lights|PERFORMER=The Example Band feat. Guest|SONGWRITER=A. Writer|ISRC=QZES52600002',
      '#TITLE=Overpass|PERFORMER=The Example Band|SONGWRITER=B. Writer|ISRC=QZES52600003',
      '!',
      '#TITLE=Last Exit|PERFORMER=The Example Band|SONGWRITER=A. Writer|ISRC=QZES52600004',
      'INDEX 02 Coda',
      '@Night Drive|PERFORMER=The Example Band|SONGWRITER=A. Writer|MESSAGE=Mastered with tapeop|EAN=5010017088439|GENRE=Pop|LANGUAGE=English',
    ]);
  });

  it('writes a bare # for a track without metadata and keeps region names plain', () => {
    expect(renderReaperMarkerName(marker({ kind: 'cd-track' })).name).toBe('#');
    expect(renderReaperMarkerName(marker({ kind: 'region', name: 'Overpass' })).name).toBe(
      'Overpass',
    );
    expect(renderReaperMarkerName(marker({ kind: 'cd-index', indexNumber: 12 })).name).toBe(
      'INDEX 12',
    );
  });

  it("replaces REAPER's field separator and line breaks inside values, and says so", () => {
    const rendered = renderReaperMarkerName(
      marker({ kind: 'cd-track', cdText: { title: 'Either|Or', message: 'line one\nline two' } }),
    );
    expect(rendered.name).toBe('#TITLE=Either/Or|MESSAGE=line one line two');
    expect(rendered.warnings).toHaveLength(2);
    expect(rendered.warnings[0]).toMatch(/'\|' separates REAPER's fields/);
  });

  it('keys an album title that holds "=" so that it reads back as a title', () => {
    const rendered = renderReaperMarkerName(marker({ kind: 'album', cdText: { title: '1+1=2' } }));
    expect(rendered.name).toBe('@ALBUM=1+1=2');
    expect(parseReaperMarkerName(rendered.name).cdText.title).toBe('1+1=2');
  });

  it('maps languages to the names REAPER knows and leaves out the ones it does not', () => {
    const album = (language: string) =>
      renderReaperMarkerName(marker({ kind: 'album', cdText: { title: 'A', language } }));
    expect(album('en-GB').name).toBe('@A|LANGUAGE=English');
    expect(album('Portuguese').name).toBe('@A|LANGUAGE=Portugese');
    expect(album('Klingon').name).toBe('@A');
    expect(album('Klingon').warnings[0]).toMatch(/not a CD-Text language REAPER knows/);
    expect(cdTextLanguage('nl-BE')).toBe('Flemish');
    expect(cdTextLanguage('de_AT')).toBe('German');
  });

  it('warns when a region or user marker name would read as CD metadata', () => {
    expect(renderReaperMarkerName(marker({ kind: 'region', name: '#1 Hit' })).warnings[0]).toMatch(
      /REAPER reads this region marker as CD metadata/,
    );
  });

  it('refuses an index mark without a valid index number', () => {
    try {
      renderReaperMarkerName(marker({ kind: 'cd-index', indexNumber: 1, id: 'tapeop:index:x:1' }));
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(/numbered 2 to 99/);
    }
  });
});

describe('parseReaperMarkerName', () => {
  it('reads back every name it renders', () => {
    for (const m of smallAlbumMarkers()) {
      if (m.kind === 'region') continue;
      const parsed = parseReaperMarkerName(renderReaperMarkerName(m).name);
      expect(parsed.kind).toBe(m.kind);
      expect(parsed.problems).toEqual([]);
      if (m.kind === 'cd-track' || m.kind === 'album') expect(parsed.cdText).toEqual(m.cdText);
      expect(parsed.isrc).toBe(m.isrc);
      expect(parsed.upc).toBe(m.upc);
      if (m.kind === 'cd-index') {
        expect(parsed.indexNumber).toBe(m.indexNumber);
        expect(parsed.label).toBe(m.name);
      }
    }
  });

  it("reads REAPER's own help example", () => {
    expect(parseReaperMarkerName('#Intro|ISRC=012345678901')).toMatchObject({
      kind: 'cd-track',
      cdText: { title: 'Intro' },
    });
    // REAPER's example ISRC is not a valid ISRC: said, not thrown
    expect(parseReaperMarkerName('#Intro|ISRC=012345678901').problems[0]).toMatch(
      /ISRC "012345678901" country code "01" must be 2 letters/,
    );
    expect(
      parseReaperMarkerName(
        '@My first album|PERFORMER=A good band|EAN=0123456789012|GENRE=Pop|LANGUAGE=English',
      ),
    ).toMatchObject({
      kind: 'album',
      cdText: {
        title: 'My first album',
        performer: 'A good band',
        genre: 'Pop',
        language: 'English',
      },
      upc: '0123456789012',
      problems: [],
    });
  });

  it('takes keys in any case, spaces anywhere, hyphenated ISRCs and 12-digit UPCs', () => {
    expect(
      parseReaperMarkerName('  # title = Song One |  isrc = gb-aaa-24-00001 | Performer=Jane '),
    ).toMatchObject({
      kind: 'cd-track',
      cdText: { title: 'Song One', performer: 'Jane' },
      isrc: 'GBAAA2400001',
      problems: [],
    });
    expect(parseReaperMarkerName('@ Album=Blue | upc = 036000291452')).toMatchObject({
      cdText: { title: 'Blue' },
      upc: '0036000291452',
    });
    expect(parseReaperMarkerName('@X|catalog=5010017088439').upc).toBe('5010017088439');
    expect(parseReaperMarkerName('@X|language=de').cdText.language).toBe('German');
  });

  it('reads a bare #, a bare title and empty fields', () => {
    expect(parseReaperMarkerName('#')).toEqual({
      kind: 'cd-track',
      cdText: {},
      unknownKeys: {},
      problems: [],
    });
    expect(parseReaperMarkerName('# Song One').cdText).toEqual({ title: 'Song One' });
    expect(parseReaperMarkerName('#||TITLE=A||').cdText).toEqual({ title: 'A' });
    expect(parseReaperMarkerName('#TITLE=|ISRC=').cdText).toEqual({});
    expect(parseReaperMarkerName('#TITLE=a=b').cdText.title).toBe('a=b');
    expect(parseReaperMarkerName('!').kind).toBe('cd-pregap');
    expect(parseReaperMarkerName('@').kind).toBe('album');
  });

  it('reads index marks as people type them', () => {
    expect(parseReaperMarkerName('INDEX 02 Coda')).toMatchObject({
      kind: 'cd-index',
      indexNumber: 2,
      label: 'Coda',
    });
    expect(parseReaperMarkerName('index3: Movement III')).toMatchObject({
      indexNumber: 3,
      label: 'Movement III',
    });
    expect(parseReaperMarkerName('Index 04')).toMatchObject({ indexNumber: 4 });
    expect(parseReaperMarkerName('Index 04').label).toBeUndefined();
  });

  describe('broken and foreign input', () => {
    it.each([
      ['#Song|Another', /"Another" has no key and the title is already "Song"/],
      ['#=Song', /has an '=' but no key/],
      ['#TITLE=A|TITLE=B', /TITLE is given twice on a track \(#\) marker; the last value, "B"/],
      ['#Song|EAN=5010017088439', /REAPER does not read EAN on a track \(#\) marker/],
      ['@Album|ISRC=GBAAA2400001', /REAPER does not read ISRC on the album \(@\) marker/],
      ['#Song|TEMPO=120', /TEMPO is not a key REAPER knows on a track \(#\) marker/],
      ['#Song|ISRC=GB-AAA-24-0000O', /designation code "0000O" must be 5 digits.*letter O/],
      ['@Album|EAN=5010017088438', /check digit 8, but the first digits give 9/],
      ['@Album|UPC=12345', /has 5 digits/],
      ['@Album|LANGUAGE=Klingon', /not one of the CD-Text languages REAPER accepts/],
      ['! pause here', /REAPER ignores text after '!'/],
      ['INDEX 1 start', /1 is not an index number from 2 to 99/],
      ['INDEX 100', /100 is not an index number from 2 to 99/],
    ])('%j: says what is wrong and keeps the rest', (name, problem) => {
      const parsed = parseReaperMarkerName(name);
      expect(parsed.problems.join('\n')).toMatch(problem);
    });

    it('keeps the good fields of a half-broken name', () => {
      const parsed = parseReaperMarkerName('#Song|ISRC=nonsense|PERFORMER=Jane|FOO=bar');
      expect(parsed.cdText).toEqual({ title: 'Song', performer: 'Jane' });
      expect(parsed.isrc).toBeUndefined();
      expect(parsed.unknownKeys).toEqual({ FOO: 'bar' });
      expect(parsed.problems).toHaveLength(2);
    });

    it('treats everything else as a generic marker, untouched', () => {
      for (const name of ['Chorus', '', '   ', 'Indexing notes', '1 # 2', 'v2 fix @ 3:10']) {
        const parsed = parseReaperMarkerName(name);
        expect(parsed.kind).toBe('generic');
        expect(parsed.problems).toEqual([]);
      }
      expect(parseReaperMarkerName('Chorus').label).toBe('Chorus');
    });
  });
});

describe('markerFromReaperName', () => {
  it('makes Marker.1 documents from what REAPER reports', () => {
    const track = markerFromReaperName({
      name: '#TITLE=Song|ISRC=GBAAA2400001',
      timeSamples: 88_200,
      sampleRate: 44_100,
      guid: '{ABC}',
      number: 3,
    });
    expect(track).toEqual({
      marker: {
        schema: 'Marker.1',
        kind: 'cd-track',
        timeSamples: 88_200,
        sampleRate: 44_100,
        name: '#TITLE=Song|ISRC=GBAAA2400001',
        indexNumber: 1,
        cdText: { title: 'Song' },
        isrc: 'GBAAA2400001',
        daw: { daw: 'reaper', guid: '{ABC}', number: 3 },
      },
      problems: [],
    });
    const index = markerFromReaperName({
      name: 'INDEX 02 Coda',
      timeSamples: 1,
      sampleRate: 48_000,
    });
    expect(index.marker).toMatchObject({ kind: 'cd-index', indexNumber: 2, name: 'Coda' });
    const region = markerFromReaperName({
      name: '#not a track',
      timeSamples: 10,
      endSamples: 20,
      sampleRate: 48_000,
    });
    expect(region.marker).toMatchObject({ kind: 'region', endSamples: 20, name: '#not a track' });
    expect(
      markerFromReaperName({ name: 'Chorus', timeSamples: 5, sampleRate: 44_100 }).marker.kind,
    ).toBe('generic');
  });
});

describe('reaperAlbumCreditProblems', () => {
  it('names the credits tracks have and the album marker lacks', () => {
    const markers = [
      marker({ kind: 'cd-track', cdText: { title: 'A', performer: 'Jane', composer: 'Bach' } }),
      marker({ kind: 'cd-track', cdText: { title: 'B', performer: 'John' } }),
      marker({ kind: 'album', cdText: { title: 'Album', composer: 'Various' } }),
    ];
    const problems = reaperAlbumCreditProblems(markers);
    expect(problems).toEqual([
      'Tracks "A", "B" have PERFORMER but the album (@) marker does not; REAPER writes a track\'s PERFORMER only when the album marker has one too (e.g. PERFORMER=Various)',
    ]);
    expect(reaperAlbumCreditProblems(smallAlbumMarkers())).toEqual([]);
  });
});
