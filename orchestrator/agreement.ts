/**
 * How far two measurements of the same `call` cells agree: for each cell the larger median over
 * the smaller, summarised by the median and the worst cell. Used for `--repeat` (the rounds of
 * one run) and by `pnpm agreement` (two whole runs). Cells flagged below the physical floor are
 * left out: they are eliminated calls, not times, and a ratio of two of them means nothing.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { mechanismLabel, type Cell } from '../contract/document.ts';
import { resultsDir } from './paths.ts';
import type { Environment, Results } from '../contract/results.ts';
import { writeAtomic } from './store.ts';

/** A summary of agreement over cells. */
export interface Agreement {
  /** Cells compared. */
  cells: number;
  /** Median over cells of slowest/fastest (1 = identical). */
  median: number;
  /** The cell that agreed least. */
  worst: { cell: string; ratio: number } | null;
}

const label = (c: Pick<Cell, 'runtime' | 'mechanism' | 'mechanismVersion' | 'workload' | 'param'>) =>
  `${c.runtime} ${mechanismLabel(c)} ${c.workload}${c.param === null ? '' : ` ${c.param}`}`;
const comparable = (c: Cell) => c.group === 'call' && c.verified && c.stats !== undefined && !c.flags?.includes('below-physical-floor');

/** Summarises per-cell ratios. */
export function summarise(ratios: readonly { cell: string; ratio: number }[]): Agreement {
  if (!ratios.length) return { cells: 0, median: NaN, worst: null };
  const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]!.ratio : (sorted[mid - 1]!.ratio + sorted[mid]!.ratio) / 2;
  return { cells: sorted.length, median, worst: sorted[sorted.length - 1]! };
}

/** Agreement of the `--repeat` rounds recorded in one results document (each cell's spread of
 *  its rounds' medians), or null without repeats. */
export function repeatAgreement(results: Results): Agreement | null {
  const cells = results.cells.filter((c) => comparable(c) && c.repeats?.medianSpread !== undefined);
  if (!cells.length) return null;
  return summarise(cells.map((c) => ({ cell: label(c), ratio: c.repeats!.medianSpread! })));
}

/** Two runs' agreement, and how far the whole machine moved between them. */
export interface RunAgreement extends Agreement {
  /** Median over cells of b's median over a's: a whole run faster or slower (a VM whose host got
   *  busier, a clock that changed) moves every cell alike, and no harness can take it out. */
  shift: number;
  /** The median agreement once that shift is divided out of every cell: what differs cell by
   *  cell (the JIT's tier, a call path) rather than machine-wide. */
  medianAfterShift: number;
  /** Every cell whose two medians differ by more than `AGREEMENT_LISTED`, most apart first: the
   *  cells a reader of a single run should doubt, each with both figures. */
  beyond: { cell: string; a: number; b: number; ratio: number }[];
}

/** Cells whose two runs differ by more than this are listed one by one (issue 24's rule). */
export const AGREEMENT_LISTED = 1.1;

/** Agreement of two runs on the `call` cells both timed. */
export function runAgreement(a: Results, b: Results): RunAgreement {
  const other = new Map(b.cells.filter(comparable).map((c) => [label(c), c.stats!.p50Ns]));
  const pairs: { cell: string; a: number; b: number }[] = [];
  for (const c of a.cells.filter(comparable)) {
    const nb = other.get(label(c));
    if (nb !== undefined && c.stats!.p50Ns > 0 && nb > 0) pairs.push({ cell: label(c), a: c.stats!.p50Ns, b: nb });
  }
  const spread = (x: number, y: number) => Math.max(x, y) / Math.min(x, y);
  const summary = summarise(pairs.map((p) => ({ cell: p.cell, ratio: spread(p.a, p.b) })));
  const logs = pairs.map((p) => Math.log(p.b / p.a)).sort((x, y) => x - y);
  const shift = logs.length ? Math.exp(logs[Math.floor((logs.length - 1) / 2)]!) : NaN;
  const after = summarise(pairs.map((p) => ({ cell: p.cell, ratio: spread(p.a * shift, p.b) })));
  const beyond = pairs.map((p) => ({ ...p, ratio: spread(p.a, p.b) })).filter((p) => p.ratio > AGREEMENT_LISTED).sort((x, y) => y.ratio - x.ratio);
  return { ...summary, shift, medianAfterShift: after.median, beyond };
}

/** The machine an agreement figure belongs to: only a diff of runs made there may use it. */
const MachineSchema = z.object({ os: z.string(), arch: z.string(), cpu: z.string(), cores: z.number() });

/** `pnpm agreement`'s figure, kept per machine (results/agreement.json) for `diff`. */
export const MachineAgreementSchema = z.object({
  machine: MachineSchema,
  median: z.number().min(1),
  cells: z.number().int().positive(),
  measuredAt: z.string(),
}).strict();
/** One machine's run-to-run agreement. */
export type MachineAgreement = z.infer<typeof MachineAgreementSchema>;

/** Where the figures are kept. */
export const agreementFile = join(resultsDir, 'agreement.json');

const machineOf = (e: Pick<Environment, 'os' | 'arch' | 'cpu' | 'cores'>) => ({ os: e.os, arch: e.arch, cpu: e.cpu, cores: e.cores });
const sameMachine = (a: z.infer<typeof MachineSchema>, b: z.infer<typeof MachineSchema>) =>
  a.os === b.os && a.arch === b.arch && a.cpu === b.cpu && a.cores === b.cores;

async function readAll(file: string): Promise<MachineAgreement[]> {
  if (!existsSync(file)) return [];
  const parsed = z.array(MachineAgreementSchema).safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a list of agreement figures; delete it and run \`pnpm agreement\` again`);
  return parsed.data;
}

/** Records `a` as the figure of the machine `environment` describes, replacing its older one. */
export async function saveAgreement(environment: Environment, a: Agreement, file = agreementFile, now = new Date()): Promise<void> {
  const machine = machineOf(environment);
  const kept = (await readAll(file)).filter((m) => !sameMachine(m.machine, machine));
  kept.push({ machine, median: a.median, cells: a.cells, measuredAt: now.toISOString() });
  await writeAtomic(file, `${JSON.stringify(kept, null, 2)}\n`);
}

/** The figure recorded for the machine `environment` describes, if any. */
export async function agreementFor(environment: Environment, file = agreementFile): Promise<MachineAgreement | undefined> {
  const machine = machineOf(environment);
  return (await readAll(file)).find((m) => sameMachine(m.machine, machine));
}
