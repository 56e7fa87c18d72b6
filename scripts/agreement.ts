/**
 * `pnpm agreement`: how far two `pnpm compare --quick` runs, back to back, agree on the `call`
 * cells — the figure to quote beside any single run's numbers. A benchmark, not a test: it
 * measures for about a minute and prints, for every call cell both runs timed, the larger mean
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
import { execa } from 'execa';
import { agreementFile, runAgreement, saveAgreement } from '../orchestrator/agreement.ts';
import { root } from '../orchestrator/paths.ts';
import { formatRatio } from '../orchestrator/reports/model.ts';
import { readResults } from '../orchestrator/store.ts';

const extra = process.argv.slice(2).filter((a) => a !== '--');
const dir = await mkdtemp(join(tmpdir(), 'bridgetax-agreement-'));
try {
  const runs = [];
  for (const name of ['a', 'b']) {
    const out = join(dir, name);
    console.log(`run ${name}: pnpm compare --quick ${extra.join(' ')} (results in ${out})`);
    const t0 = performance.now();
    const r = await execa(process.execPath, [join(root, 'orchestrator', 'cli.ts'), 'compare', '--quick', '--out-dir', out, ...extra],
      { cwd: root, reject: false, stdout: 'ignore', stderr: 'pipe' });
    if (r.exitCode !== 0) {
      console.error(`run ${name} failed (exit ${r.exitCode}):\n${String(r.stderr).trim()}`);
      process.exit(1);
    }
    console.log(`run ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    runs.push(await readResults(join(out, 'latest.json')));
  }
  const [a, b] = runs as [Awaited<ReturnType<typeof readResults>>, Awaited<ReturnType<typeof readResults>>];
  const agreement = runAgreement(a, b);
  if (!agreement.worst) {
    console.error('the two runs timed no call cell in common');
    process.exit(1);
  }
  console.log('');
  console.log(`call cells compared: ${agreement.cells} (eliminated calls left out)`);
  console.log(`median agreement:    ${formatRatio(agreement.median)} (larger mean over smaller, per cell)`);
  console.log(`worst cell:          ${formatRatio(agreement.worst.ratio)} ${agreement.worst.cell}`);
  console.log(`load average:        ${a.environment.loadAverageStart?.map((x) => x.toFixed(2)).join(' ') ?? 'n/a'} at the start of run a, ${b.environment.loadAverage?.map((x) => x.toFixed(2)).join(' ') ?? 'n/a'} at the end of run b`);
  await saveAgreement(b.environment, agreement);
  console.log(`recorded in ${agreementFile}: \`bridgetax diff\` of two single runs on this machine counts only ratios beyond ${formatRatio(agreement.median)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
