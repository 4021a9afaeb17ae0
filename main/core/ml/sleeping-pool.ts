/** The onnxruntime option every CPU session of the app shares: idle pool threads sleep instead of spinning. */

/**
 * Session config: intra- and inter-op pool threads sleep when idle instead of spinning. Every session shares the cores
 * with something (a tower with decodes or the UI, a scan with indexing). Measured on the vision tower: with 4 decodes
 * running, the Immich fp32 tower ran 3.73 photos/s instead of 3.54, alone 3.86 instead of 3.93; indexing 24 photos
 * went from 6.20 to 7.56 photos/s in int8, 3.01 to 3.27 in fp32 (bench `decode` and `pipeline`, 2026-12-04).
 */
export const SLEEPING_POOL = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };
