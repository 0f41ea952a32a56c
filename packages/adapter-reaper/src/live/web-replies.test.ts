import { describe, expect, it } from 'vitest';
import {
  parseExtState,
  parseMarkerList,
  parseTrack,
  parseTransport,
  splitReply,
  unescapeReplyString,
} from './web-replies.js';

describe("parsers of REAPER's web-interface replies", () => {
  it('reads TRANSPORT with every playstate', () => {
    const [line] = splitReply('TRANSPORT\t5\t12.500000\t1\t0:12.500\t7.2.00\n');
    expect(parseTransport(line)).toEqual({
      playstate: 5,
      positionSec: 12.5,
      repeat: true,
      positionText: '0:12.500',
      positionBeats: '7.2.00',
    });
  });

  it('reads TRACK lines and their flag bits', () => {
    const track = parseTrack(
      splitReply(
        'TRACK\t3\tSong 3\t1566\t0.501187\t-0.250000\t-1500\t-1500\t1.000000\t3\t0\t0\t0\t0\n',
      )[0],
    );
    expect(track).toMatchObject({
      index: 3,
      name: 'Song 3',
      selected: true,
      hasFx: true,
      muted: true,
      soloed: true,
      volume: 0.501187,
      pan: -0.25,
    });
  });

  it('reads marker and region lists, with and without colours', () => {
    const lines = splitReply(
      'MARKER_LIST\nMARKER\t#TITLE=A|ISRC=GBAAA2400001\t1\t2.000000\nMARKER\t!\t2\t0.000000\t16777471\nMARKER_LIST_END\n',
    );
    expect(parseMarkerList(lines, 'MARKER')).toEqual([
      { isRegion: false, name: '#TITLE=A|ISRC=GBAAA2400001', number: 1, pos: 2, color: 0 },
      { isRegion: false, name: '!', number: 2, pos: 0, color: 16777471 },
    ]);
    const regions = splitReply(
      'REGION_LIST\nREGION\tSong 1\t1\t2.000000\t32.000000\nREGION_LIST_END\n',
    );
    expect(parseMarkerList(regions, 'REGION')[0]).toMatchObject({ isRegion: true, end: 32 });
  });

  it('unescapes ExtState values exactly', () => {
    expect(unescapeReplyString('a\\nb\\tc\\\\d\\\\n')).toBe('a\nb\tc\\d\\n');
    const [line] = splitReply('EXTSTATE\ttapeop\tres.X\t{"text":"x\\\\ny"}\n');
    expect(parseExtState(line).value).toBe('{"text":"x\\ny"}');
    expect(parseExtState(splitReply('EXTSTATE\ttapeop\tmissing\t\n')[0]).value).toBe('');
  });

  it('refuses broken replies and names what it read', () => {
    expect(() => parseTransport(undefined)).toThrow(/TRANSPORT with "\(nothing\)"/);
    expect(() => parseTransport(['TRANSPORT', 'x', '1', '0'])).toThrow(/PARSE|TRANSPORT/);
    expect(() => parseTransport(['<html>'])).toThrow(/expected TRANSPORT/);
    expect(() => parseTrack(['TRACK', '1', 'name', 'flags', '1', '0'])).toThrow(/TRACK/);
    expect(() => parseMarkerList(splitReply('MARKER\tx\t1\t2\n'), 'MARKER')).toThrow(/MARKER_LIST/);
    expect(() => parseMarkerList(splitReply('MARKER_LIST\nMARKER\tx\t1\t2\n'), 'MARKER')).toThrow(
      /MARKER_LIST_END/,
    );
    expect(() =>
      parseMarkerList(splitReply('MARKER_LIST\nREGION\tx\t1\t2\t3\nMARKER_LIST_END\n'), 'MARKER'),
    ).toThrow(/expected MARKER/);
    expect(() => parseExtState(['PROJEXTSTATE', 'a', 'b', 'c'])).toThrow(/EXTSTATE/);
    try {
      parseTransport(['nonsense']);
    } catch (error) {
      expect((error as { code: string }).code).toBe('PARSE_ERROR');
      expect((error as { hint: string }).hint).toContain('web interface');
    }
  });

  it('splits replies on newlines and tabs, ignoring CR and blank lines', () => {
    expect(splitReply('A\t1\r\n\nB\t2\n')).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(splitReply('')).toEqual([]);
  });
});
