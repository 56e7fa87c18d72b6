/**
 * `results/latest.md`: the tables a README or a CI step summary shows.
 */
import type { Results } from '../../contract/results.ts';
import { detailsOf, environmentLine, failureWhere, floorLines, formatNs, formatRatio, legend, loadHeader, loadLegend, loadRowText, loadTableOf, markers, notesOf, pathLegend, perMachine, provenanceLines, rowLabel, skipGroups, tableOf, type Entry } from './model.ts';
import { familyGrid, familyHeading, familyTables, type FamilyTable } from './napi-family.ts';
import { formatCrossover, formatSpeedup, payoffTables, type PayoffTable } from './payoff.ts';
import { permissionCostByMechanism, permissionCostHeading, permissionCostTables, type PermissionCostTable } from './permission.ts';
import { bestBridgeGrid, bestBridgeLegend, bestBridges, summaryGrid, summaryLegend, summaryOf, type SummaryMatrix } from './summary.ts';
import { blockingHeader, blockingHeading, blockingLegend, blockingRowText, blockingTables, claimRows, scalingHeader, scalingHeading, scalingLegend, scalingRowText, scalingTables, serverClaims, serverClaimsLegend, type BlockingTable, type ScalingTable } from './server.ts';

/**
 * Escapes text from the environment or a runtime for Markdown, in a table cell or a list item: no
 * HTML (`<`, `>` and `&` as entities), no line break, and every character that could end a table
 * cell or start markup (a link, emphasis, code) backslash-escaped, and with them what GFM turns
 * into web links by itself (`://`, `www.`). An `_` inside a word is left alone: it can't start
 * emphasis there, and `bytes_sum` stays readable. `@` is left too: GFM shows `node@26.10.0` as a
 * mailto: link, which is harmless, and escaping it would clutter every column id.
 */
export function md(s: string): string {
  return s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\\`*[\]|~]|:(?=\/\/)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|(?<=\bwww)\./gi, '\\$&')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code, for ids and markers. A code span shows its text as is (no escapes, no entities,
 *  no links), so it is safe for anything but a backtick, a table's pipe or a line break; text
 *  with one of those is shown escaped instead. */
function code(s: string): string {
  return /^[^`|\r\n\u2028\u2029]+$/.test(s) ? `\`${s}\`` : md(s);
}

function cell(e: Entry): string {
  switch (e.kind) {
    case 'timed': {
      const m = markers(e.flags);
      return `${formatNs(e.ns)}${e.per ? `/${e.per}` : ''} (${formatRatio(e.ratio)})${m ? ` ${md(m)}` : ''}`;
    }
    case 'eliminated': return '_eliminated_';
    case 'verified': return 'verified';
    case 'failed': return '**FAILED**';
    case 'skipped': return 'skipped';
    case 'absent': return '-';
  }
}

/** The comparison table of one machine's columns (ratios within that machine). */
function tableLines(results: Results): string[] {
  const { columns, rows } = tableOf(results);
  return [
    `| workload | ${columns.map((c) => `${md(c.runtime)}<br>${md(c.label)}`).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${md(rowLabel(r))} | ${r.entries.map(cell).join(' | ')} |`),
  ];
}

/** A folded block: `summary` shown, `body` behind a click. The blank lines around the body let
 *  GitHub render the Markdown inside. */
function folded(summary: string, body: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** The failures, each with its reason and the two values when an answer was wrong. */
function failureLines(results: Results): string[] {
  if (!results.failures.length) return [];
  return ['**Failures**', '', ...results.failures.map((f) => {
    const values = f.expected !== undefined ? ` (expected ${md(f.expected)}, got ${md(f.actual ?? '')})` : '';
    return `- ${code(failureWhere(f))}: ${md(f.reason)}${values}`;
  }), ''];
}

/**
 * Renders the whole report as Markdown, the answer first: the summary (sentences, the best
 * bridge per kind of work, the failures, each runtime's matrix), then a section per long table
 * with the table folded in `<details>` (every column side by side, credibility, the N-API family,
 * the speedups by size, cold start and size, notes, skips, provenance); a run with the event_loop
 * and parallel groups adds whether a long call blocks the server and how the work spreads over
 * the cores, each table shown whole (they are short, and their verdicts are the answer). A document merged from
 * several machines gets one section per machine, each with its environment and its own table.
 */
export function renderMarkdown(results: Results): string {
  const parts = perMachine(results);
  const out = [`# bridgetax results: ${md(results.run.id)}`, '', ...summaryLines(results)];
  out.push(results.machines
    ? `Merged from ${parts.length} machine(s), mode \`${results.run.mode}\`, runs from ${md(results.run.startedAt)} to ${md(results.run.finishedAt)}.`
    : `Mode \`${results.run.mode}\`, ${md(results.run.startedAt)} to ${md(results.run.finishedAt)}; the machine and versions are under Provenance at the end.`, '');
  out.push('## Every column side by side', '', 'Each cell: median time per call (mitata), and in brackets its ratio to the fastest verified cell in the row'
    + `${results.machines ? ' on the same machine' : ''}.`, '');
  for (const { machine, results: r } of parts) {
    if (machine) out.push(`## ${md(machine.id)}`, '', `Mode \`${machine.run.mode}\`, run ${md(machine.run.id)}. ${md(environmentLine(machine.environment))}`, '');
    out.push(`Runtimes: ${r.runtimes.map((rt) => code(rt.id)).join(', ')}.`, '');
    const table = tableLines(r);
    out.push(...folded(`The table: ${table.length - 2} rows, every runtime and mechanism`, table));
    const floors = floorLines(r);
    if (floors.length) {
      out.push('**Harness floor** (the same timing loop around a JS no-op no engine inlines, by argument types): cells are also given net of it.', '',
        ...floors.map((f) => `- ${md(f)}`), '');
    }
    const details = detailsOf(r);
    if (details.length) {
      out.push(...folded('Credibility of every cell: 95 % bootstrap interval, margin, floor, net figure, call path, cross-check, repeats, flags', [
        '| runtime | mechanism | workload | median | 95 % interval | ± | floor | net | path | plain loop | repeats | flags |',
        '|---|---|---|---:|---:|---:|---:|---:|---|---:|---|---|',
        ...details.map((d) => `| ${[d.runtime, d.mechanism, d.row, d.median, d.interval, d.rme, d.floor, d.net, d.path, d.crossCheck, d.repeats, d.flags].map(md).join(' | ')} |`),
        '', `${md(pathLegend)}. Plain loop: a second loop of the same call, warmed and timed on its own (call cells; a plain loop of the same request for the service's), with its ratio to the quoted median.`,
      ]));
    }
  }
  const marks = legend(results);
  if (marks.length) out.push('Marks beside a figure:', '', ...marks.map((l) => `- ${code(l.slice(0, l.indexOf(' ')))} ${md(l.slice(l.indexOf(' ') + 1))}`), '');
  const family = familyTables(results);
  if (family.length) {
    out.push('## The N-API family', '', 'What Node-API itself costs (`napi-sys`: raw Node-API, no framework) and what each framework adds over it, '
      + 'per runtime: median time per call, in brackets the ns over the floor; the last columns, the ns a newer framework release adds over an older one.', '');
    out.push(...folded(`The tables: ${family.map((t) => md(t.runtime)).join(', ')}`, family.flatMap((t) => [`**${md(familyHeading(t))}**`, '', ...familyLines(t)])));
  }
  const payoff = payoffTables(results);
  if (payoff.length) {
    out.push('## Does crossing pay?', '', 'Speedup over `js` in the same runtime (median js time / median mechanism time: above 1x the mechanism is faster), '
      + 'and the crossover: the smallest size at which the mechanism beats `js` by more than 5 % and after which it is not slower by more than 5 % at any larger size measured.', '');
    out.push(...folded(`The tables by size: ${payoff.map((t) => md(t.runtime)).join(', ')}`, payoff.flatMap((t) => [`**${md(t.runtime)}**`, '', ...payoffLines(t), ''])));
  }
  const load = loadTableOf(results);
  if (load.length) {
    out.push('## Cold start and size', '', md(loadLegend(results)), '',
      ...folded(`The table: ${load.length} rows`, [`| ${loadHeader.join(' | ')} |`, `|---|---|${loadHeader.slice(2).map((_, i) => (i === loadHeader.length - 3 ? '---' : '---:')).join('|')}|`,
        ...load.map((r) => `| ${loadRowText(r).map(md).join(' | ')} |`)]));
  }
  out.push(...serverMarkdown(results));
  out.push(...permissionCostMarkdown(results));
  const notes = notesOf(results);
  const skips = skipGroups(results);
  out.push(`## Notes, skips${results.machines ? ' and machines' : ' and provenance'}`, '');
  if (notes.length) out.push(...folded(`Notes (${notes.length})`, notes.map((n) => `- ${md(n)}`)));
  if (skips.length) {
    out.push(...folded(`Skipped (${results.skipped.length} cells and columns, ${skips.length} reasons)`, skips.map((g) =>
      `- ${md(g.what)} in ${g.where.map(code).join(', ')}: ${md(g.reason)}`)));
  }
  if (results.machines) {
    out.push(...folded('Machines', ['| machine | CPU | cores | memory | OS | runtimes | commit |', '|---|---|---:|---:|---|---|---|',
      ...parts.map(({ machine, results: r }) => {
        const e = machine!.environment;
        return `| ${md(machine!.id)} | ${md(e.cpu)} | ${e.cores} | ${(e.memoryBytes / 2 ** 30).toFixed(0)} GiB | `
          + `${md(`${e.os} ${e.osRelease} (${e.arch})`)} | ${r.runtimes.map((rt) => md(`${rt.name}@${rt.version}`)).join(', ')} | `
          + `${md(e.gitCommit?.slice(0, 12) ?? 'unknown')} |`;
      })]));
  } else {
    out.push(...folded('Provenance: machine, toolchain, versions, source, run settings', provenanceLines(results).map((l) => `- ${md(l)}`)));
  }
  return out.join('\n');
}

/** The best bridge per kind of work in each runtime column, as a table and its legend; also
 *  what `scripts/render-docs.ts` puts in the README. */
export function bestBridgeLines(matrices: SummaryMatrix[]): string[] {
  const t = bestBridges(matrices);
  if (!t.rows.length) return [];
  const { header, rows } = bestBridgeGrid(t);
  return ['**Best bridge per kind of work**', '', `| ${header.map(md).join(' | ')} |`, `|---|${header.slice(1).map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(md).join(' | ')} |`), '', md(bestBridgeLegend), ''];
}

/** The summary every format opens with: the sentences, the best bridges, the failures, then per
 *  runtime its matrix. */
function summaryLines(results: Results): string[] {
  const { matrices, sentences } = summaryOf(results);
  if (!matrices.length && !sentences.length) return [];
  const out = ['## Summary', '', ...sentenceLines(sentences), ''];
  out.push(...bestBridgeLines(matrices), ...failureLines(results));
  for (const m of matrices) out.push(`**${md(m.runtime)}**`, '', ...matrixLines(m), '');
  if (matrices.length) out.push(md(summaryLegend), '');
  return out;
}

/** The event_loop and parallel groups' sections: nothing for a run without them. */
function serverMarkdown(results: Results): string[] {
  const out: string[] = [];
  const blocking = blockingTables(results);
  if (blocking.length) {
    out.push('## Does a long call block the server?', '', md(blockingLegend), '');
    for (const t of blocking) out.push(md(blockingHeading(t)), '', ...blockingLines(t), '');
  }
  const scaling = scalingTables(results);
  if (scaling.length) {
    out.push('## Does the work spread over the cores?', '', md(scalingLegend), '');
    for (const t of scaling) out.push(md(scalingHeading(t)), '', ...scalingLines(t), '');
  }
  return out;
}

/** A verdict cell: a blocked or failed row in bold, so it is seen in a column of verdicts. */
const verdictCell = (v: string) => (/^(BLOCKED|FAILED)/.test(v) ? `**${md(v)}**` : md(v));

/** One column's blocking table as a Markdown table (its heading is `blockingHeading`). */
export function blockingLines(t: BlockingTable): string[] {
  const header = blockingHeader(t);
  const verdictAt = header.length - 2;
  return [`| ${header.map(md).join(' | ')} |`, `|---|${header.slice(1).map((_, i) => (i + 1 >= verdictAt ? '---' : '---:')).join('|')}|`,
    ...t.rows.map((r) => `| ${blockingRowText(t, r).map((c, i) => (i === verdictAt ? verdictCell(c) : md(c))).join(' | ')} |`)];
}

/** One column's scaling table as a Markdown table (its heading, with the core count, is `scalingHeading`). */
export function scalingLines(t: ScalingTable): string[] {
  const header = scalingHeader(t);
  return [`| ${header.map(md).join(' | ')} |`, `|---|${header.slice(1).map((_, i) => (i === header.length - 2 ? '---' : '---:')).join('|')}|`,
    ...t.rows.map((r) => `| ${scalingRowText(t, r).map(md).join(' | ')} |`)];
}

/**
 * "Does a long call block the server?" for the README (`scripts/render-docs.ts`, kind `server`):
 * the articles' two claims side by side, as they put them, and under each what every column
 * measured; then where the bar for "kept free" is. Nothing for a run without the groups.
 */
export function serverClaimsLines(results: Results): string[] {
  const rows = claimRows(results);
  if (!rows.length) return [];
  return [
    `| | ${serverClaims.map((c, i) => `Claim ${i + 1}: ${md(c.title)}`).join(' | ')} |`, '|---|---|---|',
    `| the articles | ${serverClaims.map((c) => `“${md(c.quote)}”`).join(' | ')} |`,
    ...rows.map((r) => `| ${code(r.runtime)} | ${md(r.block)} | ${md(r.concurrency)} |`),
    '', md(serverClaimsLegend), '',
  ];
}

/** What Node's permission model costs, per Node version measured both ways (`--node-permission both`). */
function permissionCostMarkdown(results: Results): string[] {
  const tables = permissionCostTables(results);
  if (!tables.length) return [];
  return ['## What the permission model costs', '', ...folded(`The tables: ${tables.length}`, tables.flatMap(permissionCostLines))];
}

/** One Node version's permission cost as a Markdown table: each mechanism's time under the model,
 *  without it, and their ratio, per workload. */
export function permissionCostLines(t: PermissionCostTable): string[] {
  const { header, rows } = permissionCostByMechanism(t);
  return [md(permissionCostHeading(t)), '', `| ${header.map(md).join(' | ')} |`, `|---|${header.slice(1).map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.map(md).join(' | ')} |`), ''];
}

/** The summary's sentences as a list. */
export function sentenceLines(sentences: string[]): string[] {
  return sentences.map((s) => `- ${md(s)}`);
}

/** One runtime's summary matrix as a table (its legend is `summaryLegend`). */
export function matrixLines(m: SummaryMatrix): string[] {
  const { header, rows } = summaryGrid(m);
  return [`| ${header.map(md).join(' | ')} |`, `|---|${header.slice(1).map(() => '---:').join('|')}|`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)];
}

/** One runtime's N-API family table (the floor, each framework and its ns over it), and the
 *  lines under it. */
export function familyLines(t: FamilyTable): string[] {
  const { header, rows } = familyGrid(t);
  return [`| ${header.map(md).join(' | ')} |`, `|---|${header.slice(1).map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.map(md).join(' | ')} |`), '', ...t.summary.map((s) => `- ${md(s)}`), ''];
}

/** One runtime's speedups over js by size, and its crossovers, as a table. */
export function payoffLines(t: PayoffTable): string[] {
  return [`| workload | ${t.mechanisms.map(md).join(' | ')} |`, `|---|${t.mechanisms.map(() => '---:').join('|')}|`,
    ...t.rows.map((r) => `| ${md(r.label)} | ${r.speedups.map(formatSpeedup).join(' | ')} |`),
    ...t.crossovers.map((c) => `| ${md(c.workload)} crossover | ${c.at.map(formatCrossover).join(' | ')} |`)];
}
