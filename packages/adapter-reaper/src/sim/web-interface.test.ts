import { createMemoryLogger } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { findPlugin } from './plugins.js';
import { SimReaper } from './reaper-app.js';
import { escapeReplyString, runWebCommands, urlDecode, webPlayState } from './web-interface.js';

const app = () => new SimReaper({ resourcePath: '/tmp/unused', logger: createMemoryLogger() });

describe("the simulator's web interface", () => {
  it('runs ;-separated commands in order, one tab-separated line per result', () => {
    const a = app();
    a.project.insertTrack(0).name = 'Song 1';
    const body = runWebCommands(a, 'NTRACK;SET/POS/12.5;TRANSPORT;1007;TRANSPORT;1016;GET/REPEAT');
    const lines = body.split('\n');
    expect(lines[0]).toBe('NTRACK\t1');
    expect(lines[1]).toBe('TRANSPORT\t0\t12.500000\t0\t0:12.500\t7.2.00');
    expect(lines[2]!.split('\t')[1]).toBe('1');
    expect(lines[3]).toBe('GET/REPEAT\t0');
    expect(body.endsWith('\n')).toBe(true);
  });

  it('answers TRACK, TRACK/i and TRACK/a-b with flags, linear volume and the master as 0', () => {
    const a = app();
    const t1 = a.project.insertTrack(0);
    t1.name = 'Song 1';
    const t2 = a.project.insertTrack(1);
    t2.name = 'Song 2';
    t2.mute = true;
    t2.solo = 2;
    t2.selected = true;
    a.project.addFx(t2, findPlugin(a.plugins, 'ReaEQ')!);
    t2.vol = 0.5;
    const all = runWebCommands(a, 'TRACK').trim().split('\n');
    expect(all).toHaveLength(3);
    expect(all[0]!.split('\t').slice(0, 3)).toEqual(['TRACK', '0', 'MASTER']);
    const two = runWebCommands(a, 'TRACK/2').trim().split('\t');
    expect(two.slice(0, 6)).toEqual([
      'TRACK',
      '2',
      'Song 2',
      String(512 | 1024 | 2 | 4 | 8 | 32),
      '0.500000',
      '0.000000',
    ]);
    expect(runWebCommands(a, 'TRACK/1-2').trim().split('\n')).toHaveLength(2);
    expect(runWebCommands(a, 'TRACK/x')).toBe('');
  });

  it('escapes ExtState values and URL-decodes what it is given', () => {
    const a = app();
    runWebCommands(a, `SET/EXTSTATE/tapeop/k/${encodeURIComponent('a\tb\nc\\d/e;f')}`);
    expect(a.extState.get('tapeop', 'k')).toBe('a\tb\nc\\d/e;f');
    expect(runWebCommands(a, 'GET/EXTSTATE/tapeop/k')).toBe(
      'EXTSTATE\ttapeop\tk\ta\\tb\\nc\\\\d/e;f\n',
    );
    expect(runWebCommands(a, 'GET/EXTSTATE/tapeop/none')).toBe('EXTSTATE\ttapeop\tnone\t\n');
    runWebCommands(a, 'SET/PROJEXTSTATE/tapeop/notes/x%20y');
    expect(runWebCommands(a, 'GET/PROJEXTSTATE/tapeop/notes')).toBe(
      'PROJEXTSTATE\ttapeop\tnotes\tx y\n',
    );
    expect(escapeReplyString('\\\n\t')).toBe('\\\\\\n\\t');
    expect(urlDecode('100%25%zz%e2%9c%93')).toBe('100%%zz✓');
  });

  it('sets track values: absolute, relative dB, toggles', () => {
    const a = app();
    const t = a.project.insertTrack(0);
    runWebCommands(a, 'SET/TRACK/1/VOL/-6');
    expect(20 * Math.log10(t.vol)).toBeCloseTo(-6, 6);
    runWebCommands(
      a,
      'SET/TRACK/1/VOL/0.5g;SET/TRACK/1/PAN/-0.25;SET/TRACK/1/MUTE/-1;SET/TRACK/1/SOLO/1;SET/TRACK/1/SEL/1',
    );
    expect([t.vol, t.pan, t.mute, t.solo, t.selected]).toEqual([0.5, -0.25, true, 1, true]);
    runWebCommands(a, 'SET/TRACK/1/MUTE/-1;SET/TRACK/1/B_PHASE/1;SET/TRACK/1/P_NAME/Song%201');
    expect([t.mute, t.phase, t.name]).toEqual([false, true, 'Song 1']);
    expect(runWebCommands(a, 'GET/TRACK/1/P_NAME;GET/TRACK/1/D_VOL;GET/TRACK/1/I_NOPE')).toBe(
      'GET/TRACK/1/P_NAME\tSong 1\nGET/TRACK/1/D_VOL\t0.5\nGET/TRACK/1/I_NOPE\n',
    );
  });

  it('lists markers and regions, and locates by ID or timeline order', () => {
    const a = app();
    a.project.addMarker(false, 30, 0, '#TITLE=B', 7, 0);
    a.project.addMarker(false, 2, 0, '#TITLE=A', 3, 0x1ff0000);
    a.project.addMarker(true, 2, 28, 'Song A', 1, 0);
    expect(runWebCommands(a, 'MARKER;REGION')).toBe(
      'MARKER_LIST\nMARKER\t#TITLE=A\t3\t2.000000\t33488896\nMARKER\t#TITLE=B\t7\t30.000000\nMARKER_LIST_END\nREGION_LIST\nREGION\tSong A\t1\t2.000000\t28.000000\nREGION_LIST_END\n',
    );
    runWebCommands(a, 'SET/POS_STR/m7');
    expect(a.project.position()).toBe(30);
    runWebCommands(a, 'SET/POS_STR/M1');
    expect(a.project.position()).toBe(2);
    runWebCommands(a, 'SET/POS_STR/1:02.5');
    expect(a.project.position()).toBe(62.5);
  });

  it('reports play states as the web interface does', () => {
    expect([0, 1, 2, 3, 5, 6, 7].map(webPlayState)).toEqual([0, 1, 2, 2, 5, 6, 6]);
  });

  it('runs registered commands, action states, and ignores what it does not know', () => {
    const a = app();
    let ran = 0;
    a.registerCommand('TAPEOP_BRIDGE', () => ran++);
    expect(runWebCommands(a, '_TAPEOP_BRIDGE;_NOPE;WHATEVER;99999')).toBe('');
    expect(ran).toBe(1);
    expect(runWebCommands(a, 'GET/1007;GET/_TAPEOP_BRIDGE')).toBe(
      'CMDSTATE\t1007\t0\nCMDSTATE\t_TAPEOP_BRIDGE\t-1\n',
    );
  });

  it('passes OSC/ commands to the OSC surface', () => {
    const a = app();
    const seen: unknown[] = [];
    runWebCommands(a, `OSC/${encodeURIComponent('/track/1/volume/db:-3.5')};OSC/play`, {
      osc: (address, args) => seen.push([address, args]),
    });
    expect(seen).toEqual([
      ['/track/1/volume/db', [-3.5]],
      ['/play', []],
    ]);
  });
});
