import { describe, expect, it } from 'vitest';
import { coalescingRunner } from '../../src/shared/async/coalescing-runner';

describe('coalescing runner', () => {
  it('never overlaps passes, and any number of requests during a pass bring exactly one more', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    let release: () => void = () => {};
    const runner = coalescingRunner(async () => {
      passes++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((resolve) => (release = resolve));
      active--;
    }, () => {});
    const first = runner.request();
    void runner.request();
    void runner.request();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    expect(passes).toBe(2);
    expect(maxActive).toBe(1);
  });

  it('a failing pass is reported and does not stop later requests', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = coalescingRunner(async () => {
      calls++;
      if (calls === 1) throw new Error('database busy');
    }, (error) => errors.push(error));
    await runner.request();
    await runner.request();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    await runner.close();
    await runner.request();
    expect(calls).toBe(2);
  });
});
