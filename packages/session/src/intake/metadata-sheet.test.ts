import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { formatIntakeProblem } from './intake-problem.js';
import { parseMetadataSheet, parseSeconds, readMetadataSheet } from './metadata-sheet.js';
import { makeTempFolder } from './test-support/temp-folder.js';

const problemLines = (text: string) =>
  parseMetadataSheet(text, { fileName: 'tracks.csv' }).problems.map(formatIntakeProblem);

describe('parseMetadataSheet', () => {
  it('reads song rows and album columns', () => {
    const sheet = parseMetadataSheet(
      [
        'Track,Title,Artist,Songwriter,Composer,Arranger,ISRC,Gap,Album,Album Artist,UPC,Label,Release Date',
        '1,Headlights,,A. Writer,B. Composer,C. Arranger,GB-AAA-24-00001,0,Night Drive,The Example Band,5010017088439,Example Records,2027-02-12',
        '2,City Lights,The Example Band feat. Guest,A. Writer,,,GBAAA2400002,2.5,,,,,',
      ].join('\n'),
    );
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toEqual([
      {
        line: 2,
        trackNumber: 1,
        title: 'Headlights',
        songwriter: 'A. Writer',
        composer: 'B. Composer',
        arranger: 'C. Arranger',
        isrc: 'GBAAA2400001',
        gapSec: 0,
      },
      {
        line: 3,
        trackNumber: 2,
        title: 'City Lights',
        performer: 'The Example Band feat. Guest',
        songwriter: 'A. Writer',
        isrc: 'GBAAA2400002',
        gapSec: 2.5,
      },
    ]);
    expect(sheet.album).toEqual({
      title: 'Night Drive',
      artist: 'The Example Band',
      upc: '5010017088439',
      label: 'Example Records',
      releaseDate: '2027-02-12',
    });
  });

  it('reads what a European Excel exports: BOM, ;, decimal commas, CRLF, quoted line breaks, empty rows', () => {
    const text =
      '\uFEFFNr.;Titel;Interpret;Pause;Notes\r\n' +
      '1;"Café ""Noir""";Les Exemples;2,5;"first line\r\nsecond line"\r\n' +
      '2;Bleu;;00:02:37;\r\n' +
      ';;;;\r\n' +
      ';;;;\r\n';
    const sheet = parseMetadataSheet(Buffer.from(text, 'utf8'));
    expect(sheet.delimiter).toBe(';');
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toEqual([
      {
        line: 2,
        trackNumber: 1,
        title: 'Café "Noir"',
        performer: 'Les Exemples',
        gapSec: 2.5,
        notes: 'first line\nsecond line',
      },
      { line: 4, trackNumber: 2, title: 'Bleu', gapSec: 2 + 37 / 75 },
    ]);
  });

  it('recognizes column names whatever their case, spacing and punctuation', () => {
    const sheet = parseMetadataSheet(
      'TRACK #,Song Title,Writer(s),ISRC Code,Gap (s),X-Fade,File Name,Length\n1,A,W,,1,,a.wav,3:20\n',
    );
    expect(sheet.columns.map((c) => c.field)).toEqual([
      'track',
      'title',
      'songwriter',
      'isrc',
      'gap',
      'crossfade',
      'file',
      'ignored',
    ]);
    expect(sheet.problems).toEqual([]);
  });

  it('reads vinyl positions and other track number styles', () => {
    const sheet = parseMetadataSheet(
      'track,title\nA1,One\nb2,Two\n03,Three\n4.,Four\n5/12,Five\nTrack 6,Six\n',
    );
    expect(sheet.rows.map((r) => r.vinyl ?? r.trackNumber)).toEqual([
      { side: 'A', position: 1 },
      { side: 'B', position: 2 },
      3,
      4,
      5,
      6,
    ]);
  });

  it('reports every unusable value with its line and column, and leaves it out', () => {
    expect(
      problemLines(
        [
          'track,title,isrc,gap,upc,release date',
          '1,One,GB-AAA-24-0001X,2,5010017088438,2027-02-30',
          'x,Two,,soon,,',
          '3,Three,,-1,,',
        ].join('\n'),
      ),
    ).toEqual([
      'tracks.csv line 2, isrc: "GB-AAA-24-0001X" is not an ISRC: it designation code "0001X" must be 5 digits; the value was left out',
      'tracks.csv line 2, upc: "5010017088438" is not a UPC/EAN: it has the check digit 8, but the first digits give 9; check the number for a typing mistake; the value was left out',
      'tracks.csv line 2, release date: "2027-02-30" is not a date (YYYY-MM-DD or DD.MM.YYYY); the value was left out',
      'tracks.csv line 3, track: "x" is not a track number (1 to 99, or a vinyl side and position such as A1); the value was left out',
      'tracks.csv line 3, gap: "soon" is not a time; the value was left out',
      'tracks.csv line 4, gap: "-1" is not a time; the value was left out',
    ]);
  });

  it('reports duplicate track numbers, duplicate ISRCs and album values that disagree', () => {
    expect(
      problemLines(
        [
          'track,title,isrc,album',
          '1,One,GBAAA2400001,Night Drive',
          '1,Again,GBAAA2400001,Night Drive',
          '2,Two,,Day Drive',
        ].join('\n'),
      ),
    ).toEqual([
      'tracks.csv line 3, track: track 1 is also on line 2; each track number belongs to one row',
      'tracks.csv line 3, isrc: ISRC GBAAA2400001 is also on line 2; each recording has its own ISRC',
      'tracks.csv line 4, album: "Day Drive" differs from "Night Drive" on line 2; the album has one album, the first was used',
    ]);
  });

  it('warns about unknown and repeated columns and extra cells', () => {
    const problems = problemLines('track,title,Songwritter,name\n1,One,X,Y,extra\n');
    expect(problems).toEqual([
      expect.stringContaining(
        'tracks.csv line 1, Songwritter: "Songwritter" is not a column tapeop knows',
      ),
      'tracks.csv line 1, name: "name" is a second title column after "title"; only "title" is used',
      'tracks.csv line 2: has 1 more cell(s) than the header row has columns; they were left out',
    ]);
  });

  it('refuses a sheet without a track, title or file column, and an empty sheet', () => {
    expect(problemLines('artist,isrc\nX,GBAAA2400001\n')).toEqual([
      'tracks.csv: has no track, title or file column, so its rows cannot be matched to mixes (the header row is line 1)',
    ]);
    expect(problemLines('\n\n;;\n')).toEqual([
      'tracks.csv: is empty: it needs a header row (track, title, ...) and a row per song',
    ]);
  });

  it('reads a Windows-1252 export and says so', () => {
    const bytes = Buffer.from('track,title\n1,Caf\xe9\n', 'latin1');
    const sheet = parseMetadataSheet(bytes);
    expect(sheet.rows[0]!.title).toBe('Café');
    expect(sheet.problems.map((p) => p.code)).toEqual(['not-utf8']);
  });

  it('throws PARSE_ERROR with the line of an unterminated quote', () => {
    try {
      parseMetadataSheet('track,title\n1,"One\n2,Two\n', { fileName: 'tracks.csv' });
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'PARSE_ERROR')).toBe(true);
      expect((error as Error).message).toContain('tracks.csv: line 2, column 3');
    }
  });
});

describe('readMetadataSheet', () => {
  it('reads a file and names it in problems', async () => {
    const folder = await makeTempFolder();
    try {
      const path = join(folder.path, 'Tracklist.csv');
      await writeFile(path, 'track,title,isrc\n1,One,bad\n');
      const sheet = await readMetadataSheet(path);
      expect(sheet.fileName).toBe('Tracklist.csv');
      expect(sheet.problems[0]!.file).toBe('Tracklist.csv');
      const missing = await readMetadataSheet(join(folder.path, 'nope.csv')).catch(
        (e: unknown) => e,
      );
      expect(isTapeopError(missing, 'FILE_NOT_FOUND')).toBe(true);
    } finally {
      await folder.remove();
    }
  });
});

describe('parseSeconds', () => {
  it.each([
    ['2', 2],
    ['2.5', 2.5],
    ['2,5', 2.5],
    ['2 s', 2],
    ['2sec', 2],
    ['1500 ms', 1.5],
    ['0:02', 2],
    ['00:02.500', 2.5],
    ['00:02:38', 2 + 38 / 75],
    ['', undefined],
    ['two', undefined],
    ['00:02:80', undefined],
  ])('%j → %j', (text, seconds) => {
    expect(parseSeconds(text)).toBe(seconds);
  });
});
