// The desktop app's rotating log file: JSON lines, rotation at the size limit, a bounded number of old files.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, teeLogger } from '../../main/core/file-log.js';
import type { Logger } from '../../main/core/ports.js';

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('fileLogger', () => {
  it('writes JSON lines, rotates past the limit and keeps only the newest generations', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoebox-log-'));
    const file = join(dir, 'logs', 'shoebox.log');
    const log = fileLogger(file, { maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 100; i++) log.info('indexed a photo', { i, message: 'data cannot overwrite the message' });
    log.error('last line', { i: 100 });
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['shoebox.log', 'shoebox.log.1', 'shoebox.log.2']);
    for (const name of ['shoebox.log', 'shoebox.log.1', 'shoebox.log.2']) {
      const text = readFileSync(join(dir, 'logs', name), 'utf8');
      expect(text.length).toBeLessThanOrEqual(2000);
      for (const line of text.trim().split('\n'))
        expect(JSON.parse(line)).toMatchObject({ level: expect.stringMatching(/info|error/), time: expect.any(String) });
    }
    const newest = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; message: string; level: string });
    expect(newest.at(-1)).toMatchObject({ i: 100, message: 'last line', level: 'error' });
    expect(newest[0]!.message).toBe('indexed a photo');
    // The oldest lines were dropped with the generation past `keep`.
    const all = ['shoebox.log.2', 'shoebox.log.1', 'shoebox.log'].flatMap((n) =>
      readFileSync(join(dir, 'logs', n), 'utf8')
        .trim()
        .split('\n'),
    );
    expect((JSON.parse(all[0]!) as { i: number }).i).toBeGreaterThan(0);
  });

  it('never throws when the log cannot be written, and tees to every logger', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoebox-log-'));
    const lines: string[] = [];
    const recording: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const log = teeLogger(fileLogger(join(dir, 'not-a-dir', 'x.log').replace('not-a-dir', '\0bad')), recording);
    expect(() => log.warn('still fine')).not.toThrow();
    expect(lines).toEqual(['still fine']);
    expect(existsSync(join(dir, 'not-a-dir'))).toBe(false);
  });
});
