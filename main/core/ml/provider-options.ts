/** The compute providers a person may choose on this OS, and a plain note when the one chosen is not the one in use. */
import type { ProviderOption } from '../../../preload/contract.js';
import { unavailableReason, type ProviderName, type ProviderSetting } from './session.js';

const LABELS: Record<ProviderName, string> = { cpu: 'CPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'Core ML', webgpu: 'WebGPU' };

/** Providers that exist on `platform`, each with whether it can run on this computer and why not. */
export function providerOptions(platform: NodeJS.Platform = process.platform): ProviderOption[] {
  const onThisOs: ProviderName[] = ['cpu'];
  if (platform === 'linux' || platform === 'win32') onThisOs.push('cuda');
  if (platform === 'win32') onThisOs.push('dml');
  if (platform === 'darwin') onThisOs.push('coreml');
  onThisOs.push('webgpu');
  return onThisOs.map((name) => {
    const reason = unavailableReason(name, platform);
    return { name, label: LABELS[name], available: reason === null, reason };
  });
}

/**
 * Why the provider in use differs from the one chosen, in plain words, or null when they agree (or 'auto' chose).
 * `inUse` is null before any model session has started.
 */
export function providerNote(setting: ProviderSetting, inUse: string | null, platform: NodeJS.Platform = process.platform): string | null {
  if (setting === 'auto' || inUse === setting) return null;
  const fallback = LABELS[(inUse ?? 'cpu') as ProviderName] ?? inUse;
  const reason = unavailableReason(setting, platform);
  if (reason) return `${LABELS[setting]} cannot be used on this computer: ${reason}. Shoebox uses the ${fallback} instead.`;
  if (inUse === null) return null;
  return `${LABELS[setting]} could not start on this computer, so Shoebox uses the ${fallback} instead.`;
}
