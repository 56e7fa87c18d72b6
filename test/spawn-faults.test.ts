/**
 * A runner that dies, hangs, lies about its runtime or writes garbage costs its own column,
 * with a reason the user can act on. Each case is a real process: a stand-in "runtime"
 * executable (a shell script) launched exactly as the orchestrator launches Bun.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FoundRuntime } from '../orchestrator/discover.ts';
import { merge } from '../orchestrator/merge.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import { artifacts } from './helpers.ts';
import { mergeInput } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridgetax-faults-'));

/** A fake runtime whose "runner" is `body` (sh; `$out` is the --out path). */
function fake(name: string, body: string): FoundRuntime {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\nout=""\nwhile [ $# -gt 0 ]; do [ "$1" = --out ] && out="$2"; shift; done\n${body}\n`);
  chmodSync(file, 0o755);
  return { id: 'bun@9.9.9', name: 'bun', version: '9.9.9', execPath: file, source: 'path' };
}

async function outcomeOf(runtime: FoundRuntime, timeoutMs = 20_000) {
  const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs }, () => {});
  if (!('failure' in o)) throw new Error('expected the column to fail');
  return o.failure;
}

describe('runner faults cost one column', () => {
  it('a runner killed by a signal mid-run', async () => {
    const f = await outcomeOf(fake('segv', 'echo "loading napi" >&2\nkill -SEGV $$'));
    expect(f.reason).toBe('runner died from SIGSEGV (Segmentation fault)');
    expect(f.stderrTail).toContain('loading napi');
    expect(f.runtime).toBe('bun@9.9.9');
  });

  it('a runner that hangs past its time limit is killed', async () => {
    const t0 = Date.now();
    const f = await outcomeOf(fake('hang', 'sleep 60'), 1000);
    expect(f.reason).toBe('runner timed out after 1 s and was killed');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a runner that exits non-zero', async () => {
    expect((await outcomeOf(fake('exit3', 'echo "boom" >&2; exit 3'))).reason).toBe('runner exited with code 3');
  });

  it('a runner that writes no document', async () => {
    expect((await outcomeOf(fake('silent', 'exit 0'))).reason).toBe('runner exited 0 but wrote no document');
  });

  it('a runner that writes garbage or a truncated document', async () => {
    expect((await outcomeOf(fake('garbage', 'printf "not json" > "$out"'))).reason).toMatch(/^runner wrote a document that is not JSON/);
    expect((await outcomeOf(fake('truncated', 'printf \'{"schemaVersion":1,"kind":"runn\' > "$out"'))).reason)
      .toMatch(/^runner wrote a document that is not JSON/);
  });

  it('a runner that writes valid JSON of the wrong shape', async () => {
    const f = await outcomeOf(fake('shape', 'printf \'{"schemaVersion":1,"kind":"runner"}\' > "$out"'));
    expect(f.reason).toMatch(/^runner wrote an invalid document:/);
    expect(f.reason).toMatch(/runtime/);
  });

  it('the other columns survive in the merge', async () => {
    const failure = await outcomeOf(fake('segv2', 'kill -SEGV $$'));
    const input = mergeInput([{ runtime: fake('segv3', ''), failure }]);
    const r = merge(input);
    expect(r.failures).toEqual([failure]);
    expect(r.cells.length).toBeGreaterThan(0);
    expect(new Set(r.cells.map((c) => c.runtime))).toEqual(new Set(['node@26.10.0', 'bun@1.4.4']));
  });
});
