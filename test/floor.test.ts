/**
 * Floor arithmetic on a recorded run: every cell's net figure is its median less the median of
 * the floor of its own argument shape, and the flag "at harness resolution" trips at exactly
 * twice the floor's median. The recorded run is a version 1 file, netted by the mean: its reader
 * finds each cell's floor (by the mean it recorded) and nets the medians.
 */
import { describe, expect, it } from 'vitest';
import { workloads } from '../runners/shared/catalogue.ts';
import { thresholds, type Cell } from '../contract/document.ts';
import { applyFloors, floorKey, floorsToMeasure, netOfFloor, shapeOf } from '../runners/shared/floor.ts';
import { flagsOf } from '../orchestrator/credibility.ts';
import { recordedResults } from './fixtures.ts';

const results = recordedResults('results-quick.json');

describe('harness floor', () => {
  it('recorded one floor per argument shape per column, and each cell is net of its own', () => {
    for (const rt of results.runtimes) {
      const floors = rt.harness!.floors;
      expect(floors.map((f) => f.shape)).toEqual(['', 'f64,f64']);
      for (const c of results.cells.filter((x) => x.runtime === rt.id)) {
        const shape = shapeOf(workloads.find((w) => w.id === c.workload)!);
        const floor = floors.find((f) => f.shape === shape)!;
        expect(c.stats!.floorMedianNs).toBe(floor.stats.p50Ns);
        // At or below its floor a cell has no net figure: it is "at the harness floor".
        const net = c.stats!.p50Ns - floor.stats.p50Ns;
        if (net > 0) expect(c.stats!.medianNetNs).toBeCloseTo(net, 12);
        else expect(c.stats!.medianNetNs).toBeUndefined();
      }
    }
  });

  it('subtracts and matches by shape', () => {
    expect(netOfFloor({ p50Ns: 3.5 }, { p50Ns: 1.25 })).toEqual({ floorMedianNs: 1.25, medianNetNs: 2.25 });
    // Means far from the medians: the net is of the medians.
    const cells: { workload: string; stats?: Cell['stats'] }[] = [
      { workload: 'add_f64', stats: { avgNs: 50, p50Ns: 5, p75Ns: 5, p99Ns: 5, minNs: 5, maxNs: 500, samples: 1, ticks: 1 } },
      { workload: 'noop' },
    ];
    const stats = { avgNs: 20, p50Ns: 2, p75Ns: 2, p99Ns: 2, minNs: 2, maxNs: 200, samples: 1, ticks: 1 };
    applyFloors(cells, [{ shape: 'f64,f64', arity: 2, stats }], (id, param) => floorKey(workloads.find((w) => w.id === id)!, param));
    expect(cells[0]!.stats).toMatchObject({ floorMedianNs: 2, medianNetNs: 3 });
    expect(cells[1]!.stats).toBeUndefined();
  });

  it('measures one floor per distinct key, so every cell of the catalogue has one', () => {
    const keys = floorsToMeasure(workloads, 'full').map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('');
    const needed = workloads.flatMap((w) => w.params.map((p) => floorKey(w, p)));
    expect(new Set(keys)).toEqual(new Set(needed));
    // Async cells get an awaited floor per calls in flight; written-argument cells their shape's.
    expect(keys).toEqual(expect.arrayContaining(['u32 awaited x1', 'u32 awaited x64', 'f64s_mut']));
    expect(floorKey(workloads.find((w) => w.id === 'sort_f64')!, 1024)).toBe(shapeOf(workloads.find((w) => w.id === 'sort_f64')!));
  });

  it('flags a cell at harness resolution up to twice its floor\'s median and not above, by its median', () => {
    // The mean is far above: it must not decide.
    const cell = (p50Ns: number): Cell => ({
      runtime: 'node@26.10.0', mechanism: 'node-ffi', workload: 'noop', group: 'call', param: null, verified: true,
      stats: { avgNs: 100 * p50Ns, p50Ns, p75Ns: p50Ns, p99Ns: p50Ns, minNs: p50Ns, maxNs: 1000 * p50Ns, samples: 1, ticks: 1, floorMedianNs: 1.5, medianNetNs: p50Ns - 1.5 },
    });
    expect(flagsOf(cell(thresholds.harnessResolution * 1.5))).toContain('at-harness-resolution');
    expect(flagsOf(cell(thresholds.harnessResolution * 1.5 + 0.01))).not.toContain('at-harness-resolution');
  });

  it('flags the recorded js cells, whose whole figure is the harness', () => {
    const js = results.cells.filter((c) => c.mechanism === 'js' && c.workload === 'noop');
    for (const c of js) expect(c.flags).toContain('at-harness-resolution');
  });
});
