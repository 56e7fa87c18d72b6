/** Recorded runner documents (real runs on the development machine) and a merge of them. */
import { readFileSync } from 'node:fs';
import { RunnerDocumentSchema, type RunnerDocument } from '../contract/document.ts';
import type { FoundRuntime } from '../orchestrator/discover.ts';
import { merge, type MergeInput } from '../orchestrator/merge.ts';
import { parseResults, type Environment, type Results } from '../contract/results.ts';

/** A recorded runner document by file name (validated on load). */
export function recorded(name: string): RunnerDocument {
  return RunnerDocumentSchema.parse(JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')));
}

/** A found runtime as discovery would report it for a document. */
export function foundOf(doc: RunnerDocument): FoundRuntime {
  const { id, name, version, execPath } = doc.runtime;
  return { id, name, version, execPath, source: 'project' };
}

/** A fixed environment, so merged fixtures are reproducible. */
export const environment: Environment = {
  os: 'linux', osRelease: '6.1.0', arch: 'x64', cpu: 'Test CPU @ 2.0GHz', cores: 2, memoryBytes: 24 * 2 ** 30,
  rustc: 'rustc 1.95.0', wasmRustc: 'rustc 1.63.0', napiRs: '3.0.0', buildProfile: 'release',
  gitCommit: '0123456789abcdef0123456789abcdef01234567', gitDirty: false, loadAverage: [0.5, 0.4, 0.3],
};

/** Merge input over the two recorded documents plus any extra columns. */
export function mergeInput(extra: MergeInput['columns'] = []): MergeInput {
  const node = recorded('runner-node26.json');
  const bun = recorded('runner-bun.json');
  return {
    id: '2026-11-21T05-00-00Z', startedAt: '2026-11-21T05:00:00.000Z', finishedAt: '2026-11-21T05:01:00.000Z',
    mode: 'quick', argv: ['--quick'], environment,
    columns: [{ runtime: foundOf(node), document: node }, { runtime: foundOf(bun), document: bun }, ...extra],
  };
}

/** The merged results of the recorded documents. */
export function mergedFixture(): Results {
  return merge(mergeInput());
}

/** A recorded merged results file by name (validated on load). */
export function recordedResults(name: string): Results {
  return parseResults(JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')), name);
}
