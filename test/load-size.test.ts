/**
 * The size arithmetic of the load group: a file's bytes and its gzip -9 bytes, a folder's as
 * the sum over its files, the addon a platform package holds for this machine picked from the
 * others, and each mechanism's total as the sum of what it loads (koffi: the library and its
 * own addon, with the package's installed weight beside it).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { addonsOf, loadSizes, packageFolders, sizeOf } from '../orchestrator/load-size.ts';
import { medianDifference, sampleStats } from '../orchestrator/load.ts';
import { artifacts } from './helpers.ts';

const gz = (b: Uint8Array | string) => gzipSync(b, { level: 9 }).length;

describe('sizes', () => {
  it('a file: its bytes and its gzip -9 bytes; a folder: the sums over its files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridgetax-size-'));
    const a = 'a'.repeat(10_000);
    const b = Array.from({ length: 3000 }, (_, i) => String((i * 7919) % 9973)).join(',');
    await writeFile(join(dir, 'a.txt'), a);
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'b.txt'), b);
    expect(sizeOf(join(dir, 'a.txt'))).toEqual({ bytes: 10_000, gzipBytes: gz(a), files: 1 });
    expect(gz(a)).toBeLessThan(100);
    expect(sizeOf(dir)).toEqual({ bytes: 10_000 + b.length, gzipBytes: gz(a) + gz(b), files: 2 });
  });

  it("picks the addon of this platform's folder, or every addon when none names it", async () => {
    const pkg = await mkdtemp(join(tmpdir(), 'bridgetax-addons-'));
    for (const d of ['linux_x64', 'musl_x64']) {
      await mkdir(join(pkg, d));
      await writeFile(join(pkg, d, 'koffi.node'), d);
    }
    expect(addonsOf([pkg], 'linux', 'x64')).toEqual([join(pkg, 'linux_x64', 'koffi.node')]);
    expect(addonsOf([pkg], 'darwin', 'arm64').sort()).toEqual([join(pkg, 'linux_x64', 'koffi.node'), join(pkg, 'musl_x64', 'koffi.node')]);
  });

  it('each mechanism: the sum of what it loads; js nothing; koffi its library, its own addon and its package', () => {
    expect(loadSizes('js', artifacts)).toEqual({ files: [], bytes: 0, gzipBytes: 0 });
    const napi = loadSizes('napi', artifacts);
    expect(napi.bytes).toBe(statSync(artifacts.napi).size);
    expect(napi.gzipBytes).toBe(gz(readFileSync(artifacts.napi)));
    const wasm = loadSizes('wasm', artifacts);
    expect(wasm.bytes).toBe(statSync(artifacts.wasm).size);

    const koffi = loadSizes('koffi', artifacts);
    const folders = packageFolders('koffi')!;
    const [addon] = addonsOf(folders.folders);
    expect(koffi.files.map((f) => f.role)).toEqual(['artifact', 'addon']);
    expect(koffi.bytes).toBe(statSync(artifacts.lib).size + statSync(addon!).size);
    expect(koffi.gzipBytes).toBe(koffi.files[0]!.gzipBytes + koffi.files[1]!.gzipBytes);
    // The package weighs more than the addon it loads: its JS, its headers, its other addons.
    expect(koffi.package!.bytes).toBe(folders.folders.map((d) => sizeOf(d).bytes).reduce((x, y) => x + y, 0));
    expect(koffi.package!.bytes).toBeGreaterThan(statSync(addon!).size);
    expect(koffi.package!.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a mechanism whose artifact was not given loads nothing built', () => {
    expect(loadSizes('napi', {})).toEqual({ files: [], bytes: 0, gzipBytes: 0 });
  });
});

describe('load statistics', () => {
  it('sample statistics of process times: quantiles, extremes and the bootstrap interval of the median', () => {
    const s = sampleStats([50, 10, 40, 20, 30]);
    expect(s).toMatchObject({ avgNs: 30, p50Ns: 30, minNs: 10, maxNs: 50, samples: 5, ticks: 5, samplesNs: [10, 20, 30, 40, 50] });
    // Five processes: a resample's median is the smallest one with probability P(Bin(5, 1/5) ≥ 3)
    // = 5.8 % ≥ 2.5 %, and the largest with 1 − P(Bin(5, 4/5) ≥ 3) = 5.8 %: the whole range.
    expect([s.medianCiLowNs, s.medianCiHighNs]).toEqual([10, 50]);
    expect(s.medianRme).toBeCloseTo(20 / 30, 12);
  });

  it('the difference of medians, with an interval that holds it', () => {
    const floor = [100, 104, 98, 102, 101, 99, 103];
    const shifted = floor.map((x) => x + 20);
    const d = medianDifference(shifted, floor, 7, 'net');
    expect(d.value).toBe(20);
    expect(d.low).toBeLessThanOrEqual(20);
    expect(d.high).toBeGreaterThanOrEqual(20);
    expect(d.high - d.low).toBeLessThan(12);
    expect(medianDifference(floor, floor, 7, 'net').value).toBe(0);
  });
});
