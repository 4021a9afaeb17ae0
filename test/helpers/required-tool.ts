/** Tests that need an outside tool (exiftool, PIL, unshare) may skip without it on a laptop, never under CI=true. */

/** True when this run is CI (`CI=true` or `CI=1`), where every tool the tests use must be installed. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/**
 * Whether to skip the tests needing `tool`: false when it is available. When it is missing, CI fails the test file
 * at once (a throw while collecting it) with how to install the tool; elsewhere a warning is printed and they skip.
 */
export function skipWithout(tool: string, missingWhy: string | null, install: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (missingWhy === null) return false;
  const message = `${tool} is needed by these tests but ${missingWhy}. Install it: ${install}`;
  if (isCi(env)) throw new Error(`CI=true: ${message}`);
  console.warn(`SKIPPED (not allowed under CI=true): ${message}`);
  return true;
}
