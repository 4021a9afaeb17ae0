/** onnxruntime-node, loaded on first use: opening core (a CLI command, the app) does not pay for the runtime it may not need. */
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';

// In a CommonJS bundle `require` is the bundle's own; from the ESM sources it is made for this file.
const nodeRequire = typeof require === 'function' ? require : createRequire(import.meta.url);
let loaded: typeof Ort | null = null;

/** The onnxruntime-node module (required the first time it is asked for). */
export function ort(): typeof Ort {
  return (loaded ??= nodeRequire('onnxruntime-node') as typeof Ort);
}
