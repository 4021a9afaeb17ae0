/** What machine a run measured: cores, CPU, RAM, virtualisation, load and library versions. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { providerOptions } from '../../main/core/ml/provider-options.js';
import { providerCandidates } from '../../main/core/ml/session.js';

/** The machine record written into every results file. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  /** CPU features that decide onnxruntime's kernels (AVX2, AVX-512, VNNI). */
  cpuFlags: string[];
  ramGb: number;
  /** Hosting / virtualisation as far as the OS says (DMI vendor or systemd-detect-virt), else 'unknown'. */
  host: string;
  platform: string;
  /** The execution provider the product's 'auto' setting tries first here (the pipeline sections name the one it got). */
  executionProvider: string;
  /** GPU providers and whether each can run here (the reason when not). */
  gpuProviders: { name: string; available: boolean; reason: string | null }[];
  node: string;
  onnxruntime: string;
  sharp: string;
  libvips: string;
  transformersJs: string;
  /** 1-minute load average when the run started: other work on the machine makes every figure noisier. */
  loadAverage: number;
}

const require = createRequire(import.meta.url);

function pkgVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function hostName(): string {
  for (const f of ['/sys/class/dmi/id/sys_vendor', '/sys/class/dmi/id/product_name']) {
    if (existsSync(f)) return readFileSync(f, 'utf8').trim();
  }
  try {
    return `virtualised (${execFileSync('systemd-detect-virt', { encoding: 'utf8' }).trim()})`;
  } catch {
    const hyper = /\bhypervisor\b/.test(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '');
    return hyper ? 'virtual machine (hypervisor flag set; vendor not exposed)' : 'unknown';
  }
}

function cpuFlags(): string[] {
  if (!existsSync('/proc/cpuinfo')) return [];
  const line =
    readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('flags')) ?? '';
  const wanted = ['avx2', 'fma', 'avx512f', 'avx512_vnni', 'avx_vnni', 'avx512_bf16', 'amx_int8'];
  const have = new Set(line.split(/\s+/));
  return wanted.filter((f) => have.has(f));
}

/** Describes this machine and the library versions the benchmarks load. */
export async function machineInfo(): Promise<MachineInfo> {
  const sharp = (await import('sharp')).default;
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpuFlags: cpuFlags(),
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    host: hostName(),
    platform: `${process.platform}-${process.arch} ${os.release()}`,
    executionProvider: providerCandidates('auto')[0] ?? 'cpu',
    gpuProviders: providerOptions()
      .filter((o) => o.name !== 'cpu')
      .map((o) => ({ name: o.name, available: o.available, reason: o.reason })),
    node: process.versions.node,
    onnxruntime: pkgVersion('onnxruntime-node'),
    sharp: sharp.versions.sharp ?? pkgVersion('sharp'),
    libvips: sharp.versions.vips,
    transformersJs: pkgVersion('@huggingface/transformers'),
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
