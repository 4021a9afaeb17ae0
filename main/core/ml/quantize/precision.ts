/** Picks the towers' precision for an execution provider, with the reason shown to the person. */
import type { Precision } from '../model-folder.js';
import type { ProviderName } from '../session.js';

/** The precision setting: 'auto' picks per provider; the others force a precision when the model has it. */
export type PrecisionSetting = 'auto' | 'fp32' | 'int8';

/** Outcome of the int8 quality guard, as stored in the model manifest (null: not checked yet). */
export interface GuardVerdict {
  accepted: boolean;
  meanCosine: number;
}

/** Inputs of {@link choosePrecision}. */
export interface PrecisionInput {
  setting: PrecisionSetting;
  /** The provider the towers run on. */
  provider: ProviderName;
  /** Precisions whose towers are on disk. */
  available: Precision[];
  /** The int8 towers' agreement with fp32, when measured. */
  guard?: GuardVerdict | null;
  /** Measured int8 / fp32 photos per second on this machine, when known. */
  speedup?: number | null;
}

/** The precision to run and why, in words for the settings screen. */
export interface PrecisionChoice {
  precision: Precision;
  reason: string;
}

const agreement = (g: GuardVerdict): string => `agreement ${g.meanCosine.toFixed(3)} with fp32`;
const faster = (speedup: number | null | undefined): string =>
  speedup ? `${speedup.toFixed(1)}× faster` : 'integer matrix products are several times faster than fp32 on CPUs';

/** The first precision of `order` that is available, if any. */
function first(available: Precision[], order: Precision[]): Precision | undefined {
  return order.find((p) => available.includes(p));
}

/** 'auto' on the CPU: int8 once the guard accepted it, else fp32 with the guard's reason. */
function autoOnCpu(input: PrecisionInput): PrecisionChoice {
  const { available, guard } = input;
  const hasFp32 = available.includes('fp32');
  if (available.includes('int8') && guard?.accepted)
    return { precision: 'int8', reason: `int8 on CPU: ${faster(input.speedup)}, ${agreement(guard)}` };
  if (available.includes('int8') && !hasFp32) {
    return {
      precision: 'int8',
      reason: 'int8 on CPU: the only precision this model has on disk' + (guard ? ` (${agreement(guard)})` : ''),
    };
  }
  if (hasFp32) {
    if (!available.includes('int8')) return { precision: 'fp32', reason: 'fp32 on CPU: this model has no int8 towers (yet)' };
    if (!guard) return { precision: 'fp32', reason: 'fp32 on CPU: the int8 towers are not yet checked against fp32' };
    return { precision: 'fp32', reason: `fp32 on CPU: int8 was rejected (${agreement(guard)} is too low)` };
  }
  return { precision: available[0] ?? 'fp32', reason: `${available[0] ?? 'fp32'} on CPU: the only precision this model has on disk` };
}

/** 'auto' on a GPU: fp16 (half the memory traffic, native on GPUs), else fp32; int8 only when nothing else is there. */
function autoOnGpu(input: PrecisionInput): PrecisionChoice {
  const p = first(input.available, ['fp16', 'fp32', 'int8']) ?? 'fp32';
  const why =
    p === 'fp16'
      ? 'GPUs run half precision natively'
      : p === 'fp32'
        ? 'this model has no fp16 towers'
        : 'the only precision this model has on disk';
  return { precision: p, reason: `${p} on ${input.provider}: ${why}` };
}

/**
 * The precision to run: a forced setting when the model has it (said so when it falls back); 'auto' runs int8 on
 * the CPU once the quality guard accepted it and fp16 (else fp32) on GPUs.
 */
export function choosePrecision(input: PrecisionInput): PrecisionChoice {
  const { setting, available, guard } = input;
  if (setting === 'fp32') {
    if (available.includes('fp32')) return { precision: 'fp32', reason: 'fp32: chosen in settings' };
    const p = first(available, ['fp16', 'int8']) ?? 'fp32';
    return { precision: p, reason: `${p}: fp32 was chosen in settings but this model has no fp32 towers on disk` };
  }
  if (setting === 'int8') {
    if (available.includes('int8')) {
      const warn = guard && !guard.accepted ? ` (warning: ${agreement(guard)} is below the quality bar)` : '';
      return { precision: 'int8', reason: `int8: chosen in settings${warn}` };
    }
    const p = first(available, ['fp32', 'fp16']) ?? 'fp32';
    return { precision: p, reason: `${p}: int8 was chosen in settings but this model has no int8 towers yet` };
  }
  return input.provider === 'cpu' ? autoOnCpu(input) : autoOnGpu(input);
}
