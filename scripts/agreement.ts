/**
 * `pnpm agreement`: how far two `pnpm compare --quick` runs, back to back, agree on the `call`
 * cells — the figure to quote beside any single run's numbers. A benchmark, not a test: it
 * measures for a minute or two and prints, for every call cell both runs timed, the larger mean
 * over the smaller, summarised as the median and the worst cell.
 *
 *   pnpm agreement                       # all runtimes
 *   pnpm agreement --runtimes bun,deno   # extra options go to both compare runs
 *
 * Results go to temporary folders, so results/latest.json is left as it was. The median is
 * recorded per machine in results/agreement.json, where `diff` finds it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { AGREEMENT_LISTED, agreementFile, runAgreement, saveAgreement } from '../orchestrator/agreement.ts';
import { formatNs, formatRatio } from '../orchestrator/reports/model.ts';
import { loads, timedCompare } from './timed-compare.ts';

const extra = process.argv.slice(2).filter((a) => a !== '--');
const dir = await mkdtemp(join(tmpdir(), 'bridgetax-agreement-'));
try {
  const a = (await timedCompare('run a', ['--quick', ...extra], join(dir, 'a'))).results;
  const b = (await timedCompare('run b', ['--quick', ...extra], join(dir, 'b'))).results;
  const agreement = runAgreement(a, b);
  if (!agreement.worst) {
    console.error('the two runs timed no call cell in common');
    process.exit(1);
  }
  console.log('');
  console.log(`call cells compared: ${agreement.cells} (eliminated calls left out)`);
  console.log(`median agreement:    ${formatRatio(agreement.median)} (larger median over smaller, per cell)`);
  console.log(`machine shift:       run b ${formatRatio(agreement.shift)} run a's times (median over cells); with it divided out, median agreement ${formatRatio(agreement.medianAfterShift)}`);
  console.log(`worst cell:          ${formatRatio(agreement.worst.ratio)} ${agreement.worst.cell}`);
  console.log(`load average:        ${loads(a.environment.loadAverageStart)} at the start of run a, ${loads(b.environment.loadAverage)} at the end of run b`);
  console.log(`beyond ${formatRatio(AGREEMENT_LISTED)}:        ${agreement.beyond.length} of ${agreement.cells} cells (run a, run b, ratio)`);
  for (const c of agreement.beyond) console.log(`  ${c.cell}: ${formatNs(c.a)}, ${formatNs(c.b)}, ${formatRatio(c.ratio)}`);
  await saveAgreement(b.environment, agreement);
  console.log(`recorded in ${agreementFile}: \`bridgetax diff\` of two single runs on this machine counts only ratios beyond ${formatRatio(agreement.median)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
