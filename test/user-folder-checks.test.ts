/**
 * A user's workload folder is checked before anything is built or measured: each problem is
 * named with its file and what to do, all of them at once; `new` never overwrites a folder and
 * refuses a name that cannot be a workload's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../orchestrator/errors.ts';
import { dependencyNames, packageName, readUserFolders } from '../orchestrator/user/folder.ts';
import { scaffold } from '../orchestrator/user/scaffold.ts';
import { kernelsManifest } from '../orchestrator/user/tree.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'bridgetax-folder-'));

async function problemsOf(dir: string): Promise<string> {
  try {
    await readUserFolders(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected the folder to be refused');
}

describe('bridgetax new', () => {
  it('writes the four files of a folder that reads back as a valid workload', async () => {
    const dir = fresh();
    const folder = await scaffold('my_checksum', dir);
    const [read] = await readUserFolders(folder);
    expect(read?.declaration).toMatchObject({ id: 'my_checksum', args: ['bytes'], ret: 'u32', params: [1024, 1048576], headline: 1024 });
    expect(read?.crate).toBe('bt_workload_my_checksum');
    expect(read?.files.map((f) => f.slice(folder.length + 1))).toEqual(['Cargo.toml', 'reference.ts', 'src/lib.rs', 'workload.json']);
    // A folder of folders reads the same.
    expect((await readUserFolders(dir)).map((f) => f.declaration.id)).toEqual(['my_checksum']);
    rmSync(dir, { recursive: true });
  });

  it('refuses a folder that exists, a built-in name and a name that is not snake_case, writing nothing', async () => {
    const dir = fresh();
    await scaffold('mine', dir);
    const before = readFileSync(join(dir, 'mine', 'src', 'lib.rs'), 'utf8');
    await expect(scaffold('mine', dir)).rejects.toThrow(`${join(dir, 'mine')} exists: nothing was written`);
    expect(readFileSync(join(dir, 'mine', 'src', 'lib.rs'), 'utf8')).toBe(before);
    await expect(scaffold('crc32', dir)).rejects.toThrow('"crc32" is a built-in workload: choose another name');
    await expect(scaffold('MyFunc', dir)).rejects.toThrow('"MyFunc" is not a workload name: a workload id is snake_case');
    rmSync(dir, { recursive: true });
  });
});

describe('--workloads-dir refuses a folder with every problem named', () => {
  it('a missing folder, or one holding no workload, says how to make one', async () => {
    expect(await problemsOf('/no/such/folder')).toBe('--workloads-dir /no/such/folder: no such folder (make a workload with `pnpm bridgetax new <name> --dir /no/such/folder`)');
    const empty = fresh();
    expect(await problemsOf(empty)).toContain('no workload folder in it (a folder holding workload.json)');
  });

  it('a declaration that breaks the rules, a crate named otherwise and a kernel missing, all at once', async () => {
    const dir = fresh();
    const folder = await scaffold('tokens', dir);
    const declaration = JSON.parse(readFileSync(join(folder, 'workload.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(folder, 'workload.json'), JSON.stringify({ ...declaration, args: ['callback'], group: 'event_loop' }));
    writeFileSync(join(folder, 'Cargo.toml'), readFileSync(join(folder, 'Cargo.toml'), 'utf8').replace('name = "bt_workload_tokens"', 'name = "tokens"'));
    writeFileSync(join(folder, 'src', 'lib.rs'), 'pub fn other() {}\n');
    const message = await problemsOf(dir);
    expect(message.split('\n')).toEqual([
      `--workloads-dir ${dir}:`,
      `- ${folder}/workload.json: group "event_loop" is not one a user's workload can be in (use call, data, compute)`,
      `- ${folder}/workload.json: argument type "callback" is not one a user's workload can take (use i32, u32, i64, f64, bytes, bytes_mut, f64s, f64s_mut, i32s, i32s_mut, str, strs or records<shape>)`,
      `- ${folder}/Cargo.toml: the package must be named "bt_workload_tokens" (the workload's id after bt_workload_), not "tokens"`,
      `- ${folder}/src/lib.rs: no \`pub fn tokens\`: the kernel is a public function named as the workload`,
    ]);
    rmSync(dir, { recursive: true });
  });

  it('a declaration that is not JSON, or not a declaration, and a file missing', async () => {
    const dir = fresh();
    const a = await scaffold('a_one', dir);
    writeFileSync(join(a, 'workload.json'), '{ "id": ');
    const b = await scaffold('b_two', dir);
    writeFileSync(join(b, 'workload.json'), JSON.stringify({ id: 'b_two', args: [] }));
    const c = await scaffold('c_three', dir);
    rmSync(join(c, 'reference.ts'));
    const message = await problemsOf(dir);
    expect(message).toContain(`- ${a}/workload.json is not JSON: `);
    expect(message).toContain(`- ${b}/workload.json is not a valid declaration:`);
    expect(message).toContain(`- ${c}: missing reference.ts (\`pnpm bridgetax new\` writes all 4)`);
    rmSync(dir, { recursive: true });
  });

  it('records of a shape the workload does not declare, or of a name already taken', async () => {
    const dir = fresh();
    const a = await scaffold('uses_payment', dir);
    const declaration = JSON.parse(readFileSync(join(a, 'workload.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(a, 'workload.json'), JSON.stringify({ ...declaration, args: ['records<payment>'] }));
    const b = await scaffold('redeclares', dir);
    writeFileSync(join(b, 'workload.json'), JSON.stringify({ ...declaration, id: 'redeclares', args: ['records<payment>'], records: { payment: { amountCents: 'u32' } } }));
    const message = await problemsOf(dir);
    expect(message).toContain(`- ${a}/workload.json: records<payment> names no shape this workload declares: add "records": { "payment": { "field": "type", … } } (its crate defines the struct)`);
    expect(message).toContain(`- ${b}/workload.json: record shape payment is declared already (a built-in shape): choose another name`);
    rmSync(dir, { recursive: true });
  });

  it('an id a built-in workload has', async () => {
    const dir = fresh();
    const folder = await scaffold('mine', dir);
    const declaration = JSON.parse(readFileSync(join(folder, 'workload.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(folder, 'workload.json'), JSON.stringify({ ...declaration, id: 'crc32' }));
    expect(await problemsOf(dir)).toContain('workload crc32 is declared twice (a built-in workload has that id: choose another)');
    rmSync(dir, { recursive: true });
  });
});

describe('the build tree', () => {
  it('reads the crates a Cargo.toml depends on, renamed ones by their package', () => {
    const toml = '[package]\nname = "bt_workload_x"\n\n[dependencies]\nbase64 = "0.22"\nserde = { version = "1", features = ["derive"] }\nb64 = { package = "base64ct", version = "1" }\n\n[workspace]\n';
    expect(packageName(toml)).toBe('bt_workload_x');
    expect(dependencyNames(toml)).toEqual(['base64', 'serde', 'base64ct']);
    expect(dependencyNames('[package]\nname = "x"\n')).toEqual([]);
  });

  it('makes each user crate an optional dependency of the kernels, all on by default', () => {
    const folders = [{ crate: 'bt_workload_a', dir: '/w/a' }, { crate: 'bt_workload_b', dir: '/w/b' }] as never[];
    expect(kernelsManifest('[package]\nname = "kernels"\n\n[dependencies]\n', folders)).toBe(
      '[package]\nname = "kernels"\n\n[dependencies]\nbt_workload_a = { path = "/w/a", optional = true }\nbt_workload_b = { path = "/w/b", optional = true }\n'
      + '\n[features]\ndefault = ["bt_workload_a", "bt_workload_b"]\n');
  });
});
