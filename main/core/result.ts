/** Builders for the contract's Result values: expected failures are values with a message a person can act on. */
import type { ErrorCode, Result } from '../../preload/contract.js';

/** A success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** An expected failure with a message a person can act on. */
export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
