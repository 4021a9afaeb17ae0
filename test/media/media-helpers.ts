/** Shared helpers for the media tests: corpus location, tensor ↔ pixel conversions, block means, PIL via python. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real-world corpus in the repo (see test/corpus/real/SOURCES.md), resolved from this file. */
export const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../corpus/real');

/** A fresh temporary folder for one test file. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'shoebox-media-'));
}

/** De-normalises a SigLIP CHW tensor (mean = std = 0.5) back to interleaved 0..255 floats. */
export function tensorToRgb(tensor: Float32Array, size: number): Float64Array {
  const plane = size * size;
  const out = new Float64Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = ((tensor[c * plane + i] as number) * 0.5 + 0.5) * 255;
  }
  return out;
}

/** Mean colour of each cell of an n×n grid over an interleaved RGB(A) image; alpha (if any) flattened on white. */
export function blockMeans(pixels: ArrayLike<number>, width: number, height: number, channels: number, n: number): number[][] {
  const sums = Array.from({ length: n * n }, () => [0, 0, 0, 0]);
  for (let y = 0; y < height; y++) {
    const cellY = Math.min(n - 1, Math.floor((y * n) / height));
    for (let x = 0; x < width; x++) {
      const cell = sums[cellY * n + Math.min(n - 1, Math.floor((x * n) / width))] as number[];
      const p = (y * width + x) * channels;
      const alpha = channels === 4 ? (pixels[p + 3] as number) / 255 : 1;
      for (let c = 0; c < 3; c++) cell[c]! += (pixels[p + c] as number) * alpha + 255 * (1 - alpha);
      cell[3]! += 1;
    }
  }
  return sums.map(([r, g, b, count]) => [r! / count!, g! / count!, b! / count!]);
}

/** Largest absolute difference between two lists of colours. */
export function maxColourDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((colour, i) => colour.map((v, c) => Math.abs(v - (b[i]?.[c] ?? NaN)))));
}

/** Mean absolute difference between two equally long pixel arrays. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

const PYTHON = '/usr/bin/python3';

/** True when Debian's python3 has PIL (python3-pil); the PIL comparisons skip otherwise (and fail under CI=true). */
export function hasPil(): boolean {
  return spawnSync(PYTHON, ['-c', 'import PIL'], { stdio: 'ignore' }).status === 0;
}

/** Runs a Python snippet with Debian's python3 and returns its stdout as a Buffer. */
export function runPython(code: string, args: string[]): Buffer {
  return execFileSync(PYTHON, ['-c', code, ...args], { maxBuffer: 256 * 1024 * 1024 });
}

/** True when the exiftool command line is installed. */
export function hasExiftool(): boolean {
  return spawnSync('exiftool', ['-ver'], { stdio: 'ignore' }).status === 0;
}
