/**
 * `pnpm docs:render`: every table of figures in README.md and docs/ is rendered from a committed
 * results file, never copied by hand, so none can be older than the file it cites. A table is a
 * marked region of a Markdown file:
 *
 *   <!-- bridgetax:table best results=docs/runs/2026-12-07-quick.json -->
 *   (rendered here)
 *   <!-- /bridgetax:table -->
 *
 * Kinds: `summary` (the summary's sentences and the best bridge per kind of work), `best` (that
 * table alone), `matrix runtime=<column>` (one runtime's matrix), `payoff runtime=<column>` (its
 * speedups over js by size, and crossovers), `family runtime=<column>` (its N-API family: the
 * napi-sys floor and what each framework adds), `permission runtime=<column>` (what Node's
 * permission model costs that column: a run with `--node-permission both`), `server` (the README's
 * "Does a long call block the server?": the articles' two claims beside what every column
 * measured, from a run with the event_loop and parallel groups), `blocking runtime=<column>` (that
 * column's event_loop table), `scaling runtime=<column>` (its parallel table, with its core
 * count). `workloads=a,b` and `mechanisms=a,b` narrow any of them to those cells and entries. Paths are from the repository's root; the region renders with the
 * report modules (pure functions of the results file) and the line under the table names the
 * file. `--check` rewrites nothing and exits 1, naming the file and the region, when a region
 * differs from what it would render; `--root DIR` works on another tree's README.md and docs/.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { parseResults, type Results } from '../contract/results.ts';
import { root } from '../orchestrator/paths.ts';
import { bestBridgeLines, blockingLines, familyLines, matrixLines, md, payoffLines, permissionCostLines, scalingLines, sentenceLines, serverClaimsLines } from '../orchestrator/reports/markdown.ts';
import { familyTables } from '../orchestrator/reports/napi-family.ts';
import { payoffTables } from '../orchestrator/reports/payoff.ts';
import { permissionCostTables } from '../orchestrator/reports/permission.ts';
import { summaryLegend, summaryOf } from '../orchestrator/reports/summary.ts';
import { blockingHeading, blockingTables, scalingHeading, scalingTables } from '../orchestrator/reports/server.ts';

/** One marked region of a Markdown file. */
export interface Region {
  /** The marker's words after `bridgetax:table`, as written. */
  spec: string;
  /** 1-based line of the opening marker. */
  line: number;
  /** What is between the markers now. */
  current: string;
  /** What the results file renders there, or why it cannot. */
  rendered: string | { error: string };
}

const region = /<!-- bridgetax:table (.*?) -->\n([^]*?)<!-- \/bridgetax:table -->/g;

/** The Markdown files whose tables are rendered: README.md and every `.md` under docs/. */
export function docFiles(base = root): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
  return [join(base, 'README.md'), ...walk(join(base, 'docs')).sort()];
}

/** Reads `results=…` files once per run of the script. */
function resultsReader(base: string): (file: string) => Results {
  const cache = new Map<string, Results>();
  return (file) => {
    if (!cache.has(file)) cache.set(file, parseResults(JSON.parse(readFileSync(join(base, file), 'utf8')), file));
    return cache.get(file)!;
  };
}

/** The results narrowed to the marker's `workloads=` and `mechanisms=` lists. */
function narrowed(r: Results, opts: Map<string, string>): Results {
  const list = (k: string) => opts.get(k)?.split(',');
  const workloads = list('workloads');
  const mechanisms = list('mechanisms');
  const keep = (c: { workload?: string; mechanism: string }) => (!workloads || (c.workload !== undefined && workloads.includes(c.workload)))
    && (!mechanisms || mechanisms.includes(c.mechanism));
  return {
    ...r, cells: r.cells.filter(keep), skipped: r.skipped.filter(keep), failures: r.failures.filter((f) => !f.mechanism || keep({ ...f, mechanism: f.mechanism })),
    ...(r.eventLoop ? { eventLoop: r.eventLoop.filter(keep) } : {}), ...(r.parallel ? { parallel: r.parallel.filter(keep) } : {}),
  };
}

/** The body of a region: the table, then a line naming the run it comes from. */
export function renderRegion(spec: string, docFile: string, read: (file: string) => Results, base = root): string {
  const [kind, ...words] = spec.trim().split(/\s+/);
  const opts = new Map(words.map((w) => {
    const at = w.indexOf('=');
    if (at < 1) throw new Error(`"${w}" is not key=value`);
    return [w.slice(0, at), w.slice(at + 1)] as const;
  }));
  const file = opts.get('results');
  if (!file) throw new Error('no results=<file> in the marker');
  const whole = read(file);
  const r = narrowed(whole, opts);
  const runtime = opts.get('runtime');
  const { matrices, sentences } = summaryOf(r);
  const oneOf = <T extends { runtime: string }>(xs: T[]): T => {
    const x = xs.find((m) => m.runtime === runtime);
    if (!x) throw new Error(`runtime=${runtime ?? '(missing)'} is not a column of ${file} with such cells; its columns: ${xs.map((m) => m.runtime).join(', ')}`);
    return x;
  };
  let body: string[];
  switch (kind) {
    case 'summary': body = [...sentenceLines(sentences), '', ...bestBridgeLines(matrices)]; break;
    case 'best': body = bestBridgeLines(matrices); break;
    case 'matrix': body = [...matrixLines(oneOf(matrices)), '', md(summaryLegend), '']; break;
    case 'payoff': body = [...payoffLines(oneOf(payoffTables(r))), '']; break;
    case 'family': body = familyLines(oneOf(familyTables(r))); break;
    case 'permission': body = permissionCostLines(oneOf(permissionCostTables(r).map((t) => ({ ...t, runtime: t.under })))); break;
    case 'server': {
      body = serverClaimsLines(r);
      if (!body.length) throw new Error(`${file} has no event_loop or parallel results: render it from a run that measured them`);
      break;
    }
    case 'blocking': {
      const t = oneOf(blockingTables(r));
      body = [md(blockingHeading(t)), '', ...blockingLines(t), ''];
      break;
    }
    case 'scaling': {
      const t = oneOf(scalingTables(r));
      body = [md(scalingHeading(t)), '', ...scalingLines(t), ''];
      break;
    }
    default: throw new Error(`unknown kind "${kind}" (summary, best, matrix, payoff, family, permission, server, blocking, scaling)`);
  }
  const link = relative(dirname(docFile), join(base, file));
  return [...body, `<sub>Rendered by \`pnpm docs:render\` from [${file}](${link}) (run ${md(whole.run.id)}, mode \`${whole.run.mode}\`); edit the marker, not the table.</sub>`, ''].join('\n');
}

/** The regions of one Markdown text, each with what it would render. */
export function regionsOf(text: string, docFile: string, read: (file: string) => Results, base = root): Region[] {
  return [...text.matchAll(region)].map((m) => {
    let rendered: Region['rendered'];
    try {
      rendered = `\n${renderRegion(m[1]!, docFile, read, base)}`;
    } catch (e) {
      rendered = { error: (e as Error).message };
    }
    return { spec: m[1]!, line: text.slice(0, m.index).split('\n').length, current: m[2]!, rendered };
  });
}

/** The text with every region rendered; throws on a region that cannot be. */
export function renderText(text: string, docFile: string, read: (file: string) => Results, base = root): string {
  const regions = regionsOf(text, docFile, read, base);
  let i = 0;
  return text.replace(region, (_whole, spec: string) => {
    const r = regions[i++]!;
    if (typeof r.rendered !== 'string') throw new Error(`${relative(base, docFile)}:${r.line}: bridgetax:table ${r.spec}: ${r.rendered.error}`);
    return `<!-- bridgetax:table ${spec} -->\n${r.rendered}<!-- /bridgetax:table -->`;
  });
}

/** Every region of `files` that differs from what it renders (or cannot render), one message each. */
export function checkFiles(files: string[], base = root): string[] {
  const read = resultsReader(base);
  return files.flatMap((f) => regionsOf(readFileSync(f, 'utf8'), f, read, base).flatMap((r) => {
    const where = `${relative(base, f)}:${r.line}: the table "bridgetax:table ${r.spec}"`;
    if (typeof r.rendered !== 'string') return [`${where} cannot be rendered: ${r.rendered.error}`];
    return r.rendered === r.current ? [] : [`${where} differs from what ${r.spec.match(/results=(\S+)/)?.[1]} renders`];
  }));
}

/** Rewrites every region of `files`; returns the files changed. Every file is rendered before
 *  any is written, so a marker that cannot render leaves them all as they were. */
export function renderFiles(files: string[], base = root): string[] {
  const read = resultsReader(base);
  const texts = files.map((f) => {
    const text = readFileSync(f, 'utf8');
    return { f, text, next: renderText(text, f, read, base) };
  });
  const changed = texts.filter((t) => t.next !== t.text);
  for (const t of changed) writeFileSync(t.f, t.next);
  return changed.map((t) => t.f);
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  // Another tree's README.md and docs/ (the tests check a doctored copy this way).
  const base = args.includes('--root') ? args[args.indexOf('--root') + 1]! : root;
  const files = docFiles(base);
  try {
    if (check) {
      const problems = checkFiles(files, base);
      for (const p of problems) console.error(p);
      if (problems.length) {
        console.error(`${problems.length} rendered table(s) out of date: run pnpm docs:render (never edit a rendered table by hand)`);
        process.exitCode = 1;
      } else {
        console.log(`every rendered table in README.md and docs/ matches its results file (${files.length} files read)`);
      }
    } else {
      const changed = renderFiles(files, base);
      console.log(changed.length ? `rendered: ${changed.map((f) => relative(base, f)).join(', ')}` : 'every rendered table was up to date');
    }
  } catch (e) {
    console.error(`docs:render: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
