/** Emits the WebAssembly SIMD scan kernels (1-bit sketch fast scan, int8 dot products) for vectors of one dimension. */

/**
 * [Note: Sketch kernels]
 * Two kernels over one block's memory, generated for a fixed `dim` (a multiple of 16), loads carrying their offsets
 * as immediates:
 * - `sketch(sk, groups, lut, out)`: 16 rows at a time, their sign bits interleaved (byte p of the 16 rows in one
 *   v128). Each nibble (4 signs) looks its partial dot product up in a 16-entry int8 table of the query (i8x16.swizzle),
 *   so one load scores 8 dimensions of 16 rows; tables are within ±LUT_MAX, sums go to int16 `out` per row
 *   (|sum| ≤ dim/4 · LUT_MAX). A loop turn takes 4 byte positions: unrolled over all 96 (at 768-d), V8's optimising
 *   compiler made it 2× slower (5.3 vs 3.3 ms per 524k rows, interleaved; the old body widened every position).
 * - `dots(codes, rows, n, q, out)` / `range(codes, first, n, q, out)`: exact int8 dot products of row-major codes
 *   (dim bytes per row, unrolled: a loop over dimensions measured 10–15 % slower here) with an int8 query (codes within
 *   ±127), for a list of rows or a run of rows, into int32 `out`.
 * - `hist(scores, n, buckets)` counts int16 scores into buckets; `collect(scores, first, n, floor, rows)` lists the
 *   columns (first + i) whose score is at least `floor` and returns how many.
 * No toolchain builds WebAssembly here, so the bytes are written directly (opcodes from the core and SIMD specs).
 */

const I32 = 0x7f;
const SIMD = 0xfd;

/** Unsigned LEB128. */
function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (i32 constants). */
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const simd = (op: number): number[] => [SIMD, ...uleb(op)];
/** v128.const 0. */
const ZERO_V128 = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const load = (offset: number): number[] => [...simd(0x00), 4, ...uleb(offset)];
const store = (offset: number): number[] => [...simd(0x0b), 4, ...uleb(offset)];
const ADD = 0x6a;
const MUL = 0x6c;

/** `body` repeated while local `n` counts down to 0 (n > 0 on entry is checked by the caller's code). */
function loop(n: number, body: number[]): number[] {
  // block { loop { br_if 1 (n == 0); body; n--; br 0 } }
  return [0x02, 0x40, 0x03, 0x40, ...get(n), 0x45, 0x0d, 1, ...body, ...get(n), ...i32c(1), 0x6b, ...set(n), 0x0c, 0, 0x0b, 0x0b];
}

/**
 * Table entries are within ±LUT_MAX so that the looked-up sums of a run of up to 4 byte positions (2 nibbles each)
 * add up in int8 before they are widened: 4·2·15 = 120. (4-bit tables cost the sketch score ~0.4 % more error than
 * 6-bit ones, beside the ~75 % the sign bits themselves leave, and save a third of the kernel's instructions.)
 */
export const LUT_MAX = 15;

function sketchBody(dim: number): number[] {
  // params: sk 0, groups 1, lut 2, out 3; locals: v 4, a 5, b 6, mask 7, t 8 (v128); lp 9, k 10 (i32)
  const bytes = dim / 8;
  // One run of positions per turn of a small loop: V8's optimising compiler made the fully unrolled body 2× slower.
  const run = bytes % 4 === 0 ? 4 : 2;
  const turn: number[] = [];
  for (let r = 0; r < run; r++) {
    turn.push(...get(0), ...load(r * 16), ...set(4));
    // swizzle(lut_lo, v & 15) + swizzle(lut_hi, v >> 4), summed in int8 over the run
    turn.push(...get(9), ...load(r * 32), ...get(4), ...get(7), ...simd(0x4e), ...simd(SWIZZLE));
    turn.push(...get(9), ...load(r * 32 + 16), ...get(4), ...i32c(4), ...simd(0x6d), ...simd(SWIZZLE));
    turn.push(...simd(0x6e));
    if (r > 0) turn.push(...get(8), ...simd(0x6e));
    turn.push(...set(8));
  }
  // widened into the int16 sums of rows 0–7 and 8–15
  turn.push(...get(5), ...get(8), ...simd(0x87), ...simd(0x8e), ...set(5));
  turn.push(...get(6), ...get(8), ...simd(0x88), ...simd(0x8e), ...set(6));
  turn.push(...get(0), ...i32c(run * 16), ADD, ...set(0), ...get(9), ...i32c(run * 32), ADD, ...set(9));
  const group = [
    ...ZERO_V128,
    ...set(5),
    ...ZERO_V128,
    ...set(6),
    ...get(2),
    ...set(9),
    ...i32c(bytes / run),
    ...set(10),
    ...loop(10, turn),
  ];
  group.push(...get(3), ...get(5), ...store(0), ...get(3), ...get(6), ...store(16));
  group.push(...get(3), ...i32c(32), ADD, ...set(3));
  return [2, 5, 0x7b, 2, I32, ...i32c(15), ...simd(0x0f), ...set(7), ...loop(1, group), 0x0b];
}

/**
 * Dot products of the rows at locals `a0` and `a1` with the int8 query at local `q` (v128 locals `acc0`, `acc1`, `x`):
 * two rows at once, so two rows' memory reads are in flight together. Leaves two i32 (a0's, then a1's).
 */
function dotPair(dim: number, a0: number, a1: number, q: number, acc0: number, acc1: number, x: number, qv: number): number[] {
  const out: number[] = [...ZERO_V128, ...set(acc0), ...ZERO_V128, ...set(acc1)];
  const step = (addr: number, acc: number, d: number): number[] => [
    // 16 products in int16 pairs (|x·q| ≤ 127², so two fit), widened pairwise into the int32 accumulator.
    ...get(addr),
    ...load(d * 16),
    ...set(x),
    ...get(acc),
    ...get(x),
    ...get(qv),
    ...simd(0x9c),
    ...get(x),
    ...get(qv),
    ...simd(0x9d),
    ...simd(0x8e),
    ...simd(0x7e),
    ...simd(0xae),
    ...set(acc),
  ];
  for (let d = 0; d < dim / 16; d++) out.push(...get(q), ...load(d * 16), ...set(qv), ...step(a0, acc0, d), ...step(a1, acc1, d));
  for (const acc of [acc0, acc1])
    for (let lane = 0; lane < 4; lane++) out.push(...get(acc), ...simd(0x1b), lane, ...(lane > 0 ? [ADD] : []));
  return out;
}

function dotsBody(dim: number, list: boolean): number[] {
  // params: codes 0, rows|first 1, n 2, q 3, out 4; locals: a0 5, a1 6, r1 7 (i32); acc0 8, acc1 9, x 10, qv 11 (v128).
  // Rows go in pairs; an odd last row is paired with itself (its second result is not written).
  const rowAt = (offset: number): number[] => (list ? [...get(1), 0x28, 2, offset] : [...get(1), ...(offset ? [...i32c(1), ADD] : [])]);
  const addr = (row: number[]): number[] => [...get(0), ...row, ...i32c(dim), MUL, ADD];
  const inner = [
    ...addr(rowAt(0)),
    ...set(5),
    // r1 = the next row, or this one again when it is the last
    ...get(2),
    ...i32c(1),
    0x4b, // i32.gt_u
    0x04,
    I32,
    ...rowAt(list ? 4 : 1),
    0x05,
    ...rowAt(0),
    0x0b,
    ...set(7),
    ...addr(get(7)),
    ...set(6),
    ...dotPair(dim, 5, 6, 3, 8, 9, 10, 11),
    // stack: d0, d1 → out[i] = d0, and out[i + 1] = d1 when there was a second row
    ...set(7),
    ...set(5),
    ...get(4),
    ...get(5),
    0x36,
    2,
    0,
    ...get(2),
    ...i32c(1),
    0x4b,
    0x04,
    0x40,
    ...get(4),
    ...get(7),
    0x36,
    2,
    4,
    0x0b,
    ...get(4),
    ...i32c(8),
    ADD,
    ...set(4),
    ...get(1),
    ...i32c(list ? 8 : 2),
    ADD,
    ...set(1),
    // n -= 1 more (the loop takes the other 1): stop when it would go below 0
    ...get(2),
    ...i32c(1),
    0x4b,
    0x04,
    0x40,
    ...get(2),
    ...i32c(1),
    0x6b,
    ...set(2),
    0x05,
    ...i32c(1),
    ...set(2),
    0x0b,
  ];
  return [2, 3, I32, 4, 0x7b, ...loop(2, inner), 0x0b];
}

/** Half-width of the histogram {@link histBody} fills: bucket = (sketch score >> HIST_SHIFT) + HIST_HALF. */
export const HIST_SHIFT = 0;
/** Buckets on each side of 0 (scores stay within ±dim/4 · LUT_MAX, so ±8192 buckets cover dim ≤ 2184). */
export const HIST_HALF = 8192;

function histBody(): number[] {
  // params: src 0 (int16 scores), n 1, hist 2 (int32 buckets); local: addr 3
  const inner = [
    ...get(2),
    ...get(0),
    0x2e, // i32.load16_s
    1,
    0,
    ...i32c(HIST_SHIFT),
    0x75, // i32.shr_s
    ...i32c(HIST_HALF),
    ADD,
    ...i32c(2),
    0x74, // i32.shl
    ADD,
    ...set(3),
    ...get(3),
    ...get(3),
    0x28,
    2,
    0,
    ...i32c(1),
    ADD,
    0x36,
    2,
    0,
    ...get(0),
    ...i32c(2),
    ADD,
    ...set(0),
  ];
  return [1, 1, I32, ...loop(1, inner), 0x0b];
}

function collectBody(): number[] {
  // params: src 0 (int16 scores), first 1 (column of src[0]), n 2, floor 3, rows 4 → count; local: m 5
  const inner = [
    ...get(0),
    0x2e,
    1,
    0,
    ...get(3),
    0x4e, // i32.ge_s
    0x04, // if
    0x40,
    ...get(4),
    ...get(5),
    ...i32c(2),
    0x74,
    ADD,
    ...get(1),
    0x36,
    2,
    0,
    ...get(5),
    ...i32c(1),
    ADD,
    ...set(5),
    0x0b,
    ...get(0),
    ...i32c(2),
    ADD,
    ...set(0),
    ...get(1),
    ...i32c(1),
    ADD,
    ...set(1),
  ];
  return [1, 1, I32, ...loop(2, inner), ...get(5), 0x0b];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...uleb(b.length), ...b];
}

/** "\0asm" and binary format version 1. */
const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

/** Whether this engine runs relaxed SIMD (V8 11.4+: Node 22, Electron): a module using i8x16.relaxed_swizzle validates. */
function hasRelaxedSimd(): boolean {
  const body = [0, ...ZERO_V128, ...ZERO_V128, ...simd(0x100), 0x0b];
  const bytes = [
    ...WASM_HEADER,
    ...section(1, [1, 0x60, 0, 1, 0x7b]),
    ...section(3, [1, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  // The project's TypeScript libs do not declare WebAssembly (see sketch-block.ts).
  const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  return wasm.validate(Uint8Array.from(bytes));
}

/**
 * The table lookup of the sketch kernel. Its indices are nibbles (0–15), where i8x16.relaxed_swizzle is defined to
 * give exactly what i8x16.swizzle gives, without the fix-up swizzle needs on x86 for indices of 16 and more.
 */
const SWIZZLE = hasRelaxedSimd() ? 0x100 : 0x0e;

/** A function type taking `params` i32 values and returning `results` i32 values. */
function funcType(params: number, results: number): number[] {
  return [0x60, params, ...new Array<number>(params).fill(I32), results, ...new Array<number>(results).fill(I32)];
}

/** The kernel module for `dim`-dimensional vectors; it imports its memory as `m.mem` (shared). */
export function sketchModuleBytes(dim: number): Uint8Array {
  if (dim % 16 !== 0 || dim <= 0) throw new RangeError(`the sketch kernels need a dimension that is a multiple of 16, got ${dim}`);
  // Four function types, all i32: sketch (4 params), dots/range (5), hist (3), collect (5 → 1 result).
  const type = [...funcType(4, 0), ...funcType(5, 0), ...funcType(3, 0), ...funcType(5, 1)];
  const bodies = [sketchBody(dim), dotsBody(dim, true), dotsBody(dim, false), histBody(), collectBody()].map((b) => [
    ...uleb(b.length),
    ...b,
  ]);
  return Uint8Array.from([
    ...WASM_HEADER,
    ...section(1, [4, ...type]),
    ...section(2, [1, ...str('m'), ...str('mem'), 0x02, 0x03, ...uleb(1), ...uleb(65536)]),
    ...section(3, [5, 0, 1, 1, 2, 3]),
    ...section(7, [5, ...str('sketch'), 0, 0, ...str('dots'), 0, 1, ...str('range'), 0, 2, ...str('hist'), 0, 3, ...str('collect'), 0, 4]),
    ...section(10, [5, ...bodies.flat()]),
  ]);
}
