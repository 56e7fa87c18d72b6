/**
 * The CI workflow, offline: @action-validator/cli accepts it (and rejects a broken copy, so the
 * check can fail), its shape is what the README promises (matrix, pins, permissions), and the
 * merge and diff steps' own scripts, run by bash on recorded results files laid out as the
 * artifact download leaves them, produce the merged results, summary, HTML and exports.
 */
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hostBuilds, hostBuildsFor, hostCargoArgs } from '../orchestrator/host.ts';
import { parseResults } from '../contract/results.ts';
import { resultsA, resultsB } from './recorded-results.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const workflowFile = join(root, '.github', 'workflows', 'compare.yml');
const validator = join(root, 'node_modules', '.bin', 'action-validator');

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job { 'runs-on': string; needs?: string; if?: string; permissions?: Record<string, string>; strategy?: { 'fail-fast': boolean; matrix: Record<string, string[]> }; steps: Step[] }
interface Workflow { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> }

let text: string;
let wf: Workflow;
beforeAll(async () => {
  text = await readFile(workflowFile, 'utf8');
  wf = parse(text) as Workflow;
});

const step = (job: string, name: string) => {
  const s = wf.jobs[job]!.steps.find((x) => x.name === name);
  if (!s?.run) throw new Error(`no run step "${name}" in job ${job}`);
  return s.run;
};

describe('compare.yml', () => {
  it('passes action-validator, which rejects a broken copy', async () => {
    const ok = await execa(validator, [workflowFile], { reject: false });
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    const dir = await mkdtemp(join(tmpdir(), 'bt-wf-'));
    const broken = join(dir, 'broken.yml');
    await writeFile(broken, text.replace('needs: compare', 'needs: comparing'));
    const bad = await execa(validator, [broken], { reject: false });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/unresolved job comparing/);
  });

  it('runs a matrix of OS x runtime versions, fail-fast off', () => {
    const s = wf.jobs.compare!.strategy!;
    expect(s['fail-fast']).toBe(false);
    expect(s.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(s.matrix.runtime).toEqual(['node-lts', 'node-current', 'bun', 'deno', 'rquickjs', 'deno_core']);
    expect(step('compare', 'pnpm compare')).toMatch(/pnpm compare --quick --runtimes "\$COLUMN"/);
  });

  it('builds deno_core over V8 (the host runner with --features deno_core) in its own cell only', () => {
    const job = wf.jobs.compare! as Job & { env: Record<string, string> };
    expect(job.env.BRIDGETAX_HOST_BUILDS).toBe("${{ matrix.runtime == 'deno_core' && 'deno_core' || '' }}");
    expect(step('compare', 'The runtime column this cell measures')).toMatch(/deno_core\) id="deno_core" ;;/);
    // The build that env names: the crate's V8 feature, nothing else, in its own target dir.
    const v8 = hostBuilds.find((b) => b.name === 'deno_core')!;
    expect(v8).toMatchObject({ optIn: true, column: { name: 'deno_core' } });
    expect(hostCargoArgs(v8).join(' ')).toBe(`build --release -p bridgetax-host --no-default-features --features deno_core --target-dir ${join(root, 'target', 'host-deno_core')}`);
    expect(hostBuildsFor(['deno_core'], { BRIDGETAX_HOST_BUILDS: 'deno_core' }).map((b) => b.name)).toEqual(['deno_core']);
    // Left empty (every other cell), the V8 build is not attempted.
    expect(hostBuildsFor(undefined, { BRIDGETAX_HOST_BUILDS: '' }).map((b) => b.name)).toEqual(['rquickjs', 'deno_core-quickjs']);
    expect(hostBuildsFor(['rquickjs'], {}).map((b) => b.name)).toEqual(['rquickjs']);
  });

  it("judges a pull request by an interleaved A/B in one job: the base commit's build against the pull request's", () => {
    const ab = wf.jobs.ab!;
    expect(ab.if).toBe("github.event_name == 'pull_request'");
    expect(ab.permissions).toBeUndefined();
    const run = step('ab', 'bridgetax ab (base build as A, this pull request\'s as B)');
    expect(run).toMatch(/bridgetax ab "\$node_id" "\$node_id" .*--artifacts-from-a \.\.\/base/s);
    expect(run).toMatch(/--rounds 10/);
    expect(step('ab', "Build the base commit's library")).toMatch(/pnpm compare --verify-only/);
  });

  it('pins every action by full commit SHA, with the release named', () => {
    const uses = text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    expect(uses.length).toBeGreaterThanOrEqual(10);
    for (const l of uses) expect(l).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it('reads by default; only the Pages job on main may write, and only to Pages', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.merge!.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(wf.jobs.pages!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(wf.jobs.pages!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request', 'workflow_dispatch']);
  });
});

describe("the merge job's steps on recorded results", () => {
  it('merge the downloaded cells, write the summary, HTML and exports, and diff against a baseline', async () => {
    // A folder laid out as in the merge job: the project (linked) and one folder per cell.
    const dir = await mkdtemp(join(tmpdir(), 'bt-merge-job-'));
    for (const f of ['package.json', 'node_modules', 'orchestrator', 'runners']) await symlink(join(root, f), join(dir, f));
    for (const [cell, file] of [['results-ubuntu-latest-node-lts', resultsA], ['results-macos-latest-deno', resultsB]] as const) {
      await mkdir(join(dir, 'cells', cell), { recursive: true });
      await copyFile(file, join(dir, 'cells', cell, 'latest.json'));
    }
    const summary = join(dir, 'summary.md');
    // The job runs in the project's own checkout after `pnpm install`; here the project is linked
    // into a bare folder, where pnpm's check before a script would install again, through the
    // linked node_modules, re-pointing the project's own links into this temporary folder.
    const env = { GITHUB_STEP_SUMMARY: summary, npm_config_verify_deps_before_run: 'false', pnpm_config_verify_deps_before_run: 'false' };

    const merged = await execa('bash', ['-euo', 'pipefail', '-c', step('merge', 'Merge the cells')], { cwd: dir, env, reject: false });
    expect(merged.exitCode, merged.stderr).toBe(0);
    const results = parseResults(JSON.parse(await readFile(join(dir, 'site', 'results.json'), 'utf8')));
    expect(results.machines!.map((m) => m.id)).toEqual(['macos-latest-deno', 'ubuntu-latest-node-lts']);
    const md = await readFile(summary, 'utf8');
    expect(md).toMatch(/^## ubuntu-latest-node-lts$/m);
    expect(md).toMatch(/^## macos-latest-deno$/m);
    expect(await readFile(join(dir, 'site', 'index.html'), 'utf8')).toContain('deno@2.9.6 macos-latest-deno');
    const timed = results.cells.filter((c) => c.stats).length;
    expect(Object.keys(JSON.parse(await readFile(join(dir, 'site', 'bmf.json'), 'utf8')))).toHaveLength(timed);
    expect(JSON.parse(await readFile(join(dir, 'site', 'benchmark.json'), 'utf8'))).toHaveLength(timed);

    // The pull request's diff: main's merged results as the baseline, here the same cells.
    await mkdir(join(dir, 'baseline'));
    await copyFile(join(dir, 'site', 'results.json'), join(dir, 'baseline', 'results.json'));
    const diff = await execa('bash', ['-euo', 'pipefail', '-c', step('merge', 'Diff against main')], { cwd: dir, env, reject: false });
    expect(diff.exitCode, diff.stderr).toBe(0);
    const withDiff = await readFile(summary, 'utf8');
    expect(withDiff).toContain('## bridgetax diff: baseline/results.json (base) → site/results.json (head)');
    expect(withDiff).toContain(`0 slower, 0 faster, ${timed} unchanged of ${timed} compared cells`);
  });
});
