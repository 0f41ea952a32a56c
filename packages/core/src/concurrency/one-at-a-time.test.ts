import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('oneAtATime', () => {
  it('runs the work for one key in order, never two at once', async () => {
    const serialised = oneAtATime();
    const events: string[] = [];
    let running = 0;
    const work = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => serialised('file', work(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('lets different keys run side by side', async () => {
    const serialised = oneAtATime();
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    };
    await Promise.all([serialised('one', work), serialised('two', work)]);
    expect(most).toBe(2);
  });

  it('goes on after a failure, and the failure reaches its caller', async () => {
    const serialised = oneAtATime();
    const failed = serialised('file', async () => {
      throw new Error('disk full');
    });
    const next = serialised('file', async () => 'written');
    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('written');
  });
});
