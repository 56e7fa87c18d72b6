/**
 * A results file of another schema version is refused with a message that says which version,
 * which bridgetax wrote it and what to do, and is never misread: a version-0 file whose fields
 * happen to fit the current version is still refused. The file itself is left as it was.
 * Versions 1 and 2 are read: see results-version-1.test.ts and results-version-2.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../orchestrator/store.ts';
import { mergedFixture } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridgetax-schema-'));

function fileWith(name: string, doc: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('results files of another schema version', () => {
  it('reads the current version', async () => {
    const file = fileWith('current.json', mergedFixture());
    expect((await readResults(file)).cells.length).toBe(mergedFixture().cells.length);
  });

  it('refuses an older version, even one whose fields fit the current one', async () => {
    const file = fileWith('old.json', { ...mergedFixture(), schemaVersion: 0 });
    const bytes = readFileSync(file);
    await expect(readResults(file)).rejects.toThrow(
      `${file}: written by an older bridgetax (bridgetax commit 0123456789ab) in schemaVersion 0; this one reads versions 1 to 3, `
      + 'so it refuses the file rather than misread it: run `pnpm compare` again, or read it with the bridgetax that wrote it',
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a newer version and says to update', async () => {
    const file = fileWith('new.json', { ...mergedFixture(), schemaVersion: 4 });
    await expect(readResults(file)).rejects.toThrow(/new\.json: written by a newer bridgetax .*schemaVersion 4; this one reads versions 1 to 3: update bridgetax/);
  });

  it('refuses a document with no version or a version that is not a number', async () => {
    const { schemaVersion: _, ...unversioned } = mergedFixture();
    await expect(readResults(fileWith('none.json', unversioned))).rejects.toThrow(/none\.json: schemaVersion is missing: not a bridgetax results document/);
    await expect(readResults(fileWith('text.json', { ...mergedFixture(), schemaVersion: '1' })))
      .rejects.toThrow(/text\.json: schemaVersion "1" is not a version number: not a bridgetax results document/);
  });

  it('refuses a truncated file as not JSON, naming it', async () => {
    const file = join(dir, 'cut.json');
    writeFileSync(file, JSON.stringify(mergedFixture()).slice(0, 500));
    await expect(readResults(file)).rejects.toThrow(`${file}: cannot read it as JSON`);
  });
});
