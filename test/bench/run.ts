/** `npm run bench [-- --quick] [--only a,b]`: runs every benchmark in its own process, prints a table, writes JSON. */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildReply, ChildRequest } from './child.js';
import { writeResults } from './json-writer.js';
import { machineInfo } from './machine.js';
import { derivedSection } from './derived.js';
import { formatTable } from './table.js';
import type { Section } from './types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One benchmark process: the file `bench-<bench>.ts` with an optional parameter. */
interface Step {
  bench: string;
  param?: string;
}

/** The plan: preparation first, then the model limit (the denominator of efficiency), then the rest. */
function plan(quick: boolean): Step[] {
  const sizes = quick ? ['10000', '100000'] : ['10000', '100000', '1000000'];
  return [
    { bench: 'prepare' },
    { bench: 'limit' },
    { bench: 'gpu' },
    { bench: 'int8' },
    { bench: 'int8agree' },
    { bench: 'decode' },
    { bench: 'nomodel' },
    { bench: 'pipeline', param: 'immich' },
    { bench: 'pipeline', param: 'immich-int8' },
    { bench: 'pipeline', param: 'xenova' },
    { bench: 'pipeline', param: 'xenova-int8' },
    { bench: 'peer' },
    { bench: 'text' },
    { bench: 'rescan' },
    { bench: 'library', param: '100000' },
    { bench: 'cli', param: '100000' },
    ...sizes.map((n) => ({ bench: 'search', param: n })),
    { bench: 'suggest', param: '10000' },
    { bench: 'suggest', param: '100000' },
    { bench: 'duplicates', param: '10000' },
    { bench: 'duplicates', param: '100000' },
    { bench: 'quality' },
    { bench: 'quality', param: 'fixture' },
  ];
}

function runChild(step: Step, quick: boolean): Promise<Section> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [], {
    execArgv: ['--expose-gc', '--max-old-space-size=8192', '--import', tsx],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const name = step.param ? `${step.bench} ${step.param}` : step.bench;
  return new Promise((resolve) => {
    let reply: ChildReply | null = null;
    child.on('message', (m: ChildReply) => (reply = m));
    child.on('exit', (code, signal) => {
      const r = reply;
      if (r?.ok) return resolve(r.section);
      const why = r ? r.error : `process ended (${signal ?? `exit ${code}`}) without a result`;
      resolve({ name: `${name}: FAILED`, figures: [], notes: [why] });
    });
    child.send({ bench: step.bench, ctx: { quick, root: ROOT, param: step.param } } satisfies ChildRequest);
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
  const startedAt = new Date().toISOString();
  const machine = await machineInfo();
  console.log(`shoebox bench (${quick ? 'quick' : 'full'}) on ${machine.cores}× ${machine.cpuModel}, ${machine.ramGb} GB, ${machine.host}`);
  console.log(
    `node ${machine.node} · onnxruntime-node ${machine.onnxruntime} · sharp ${machine.sharp} (libvips ${machine.libvips}) · load average ${machine.loadAverage}`,
  );
  const sections: Section[] = [];
  const save = (): Promise<string> =>
    writeResults(ROOT, {
      startedAt,
      mode: quick ? 'quick' : 'full',
      machine,
      loadAverageAtEnd: Math.round(os.loadavg()[0]! * 100) / 100,
      sections,
    });
  for (const step of plan(quick)) {
    if (only && step.bench !== 'prepare' && !only.has(step.bench)) continue;
    const t0 = Date.now();
    process.stdout.write(`→ ${step.bench}${step.param ? ` ${step.param}` : ''} … `);
    const section = await runChild(step, quick);
    sections.push(section);
    console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s (load ${os.loadavg()[0]!.toFixed(1)})`);
    await save();
  }
  sections.push(derivedSection(sections));
  console.log(formatTable(sections));
  const file = await save();
  console.log(`\nwritten ${file}`);
}

await main();
