import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { BAD_PORTS, freePort, freePortRange } from './common.mjs';

/** The Math.random() value at which freePort draws `port`. */
const drawing = (port: number) => {
  const { from, to } = freePortRange();
  return (port - from + 0.5) / (to - from);
};

describe('freePort', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('never hands out a port that browsers and fetch refuse, and draws again instead', async () => {
    jest.spyOn(Math, 'random').mockReturnValueOnce(drawing(10080)).mockReturnValueOnce(drawing(10081));
    expect(await freePort()).toBe(10081);
  });

  it('knows the bad port that falls in its range: Node’s fetch refuses it before connecting', async () => {
    for (const port of BAD_PORTS) await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    const error = await fetch('http://127.0.0.1:10080/').catch((err: Error) => err);
    expect(String((error as Error & { cause?: unknown }).cause)).toMatch(/bad port/i);
  });
});
