/**
 * Node columns run the runner as JavaScript: the runner's and the contract's TypeScript,
 * stripped of its types ahead of time (amaro, the stripper inside Node itself) into
 * `target/bridgetax/node-js/<hash>/`, the same layout with `.js` files and `.ts` specifiers
 * rewritten. Why: a Node process that strips the types itself spent 100-150 ms of its start doing
 * so (Node 26: 150-190 ms from spawn to exit for the load group's floor, 60-90 ms stripped ahead),
 * and a Node before 22.18 ran the runner through tsx's loader (240-290 ms; 100-110 stripped). The
 * load group spawns that process 36 times a column in a quick run and 400 times in a full one,
 * and a library a user ships is JavaScript, whose start has no stripping in it.
 *
 * The tree is content-addressed: a changed source is a new folder, made beside the old one and
 * renamed into place whole, so two orchestrators (parallel test files) never see half a tree.
 * Only Node needs it: Bun and Deno run TypeScript themselves and cache what they transpile.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { transformSync } from 'amaro';
import { root } from './paths.ts';

/** The folders stripped: everything a Node runner and the load entry import from the project. */
export const strippedSources = ['runners/shared', 'runners/node', 'contract'] as const;

/** Where the stripped trees live (one per content hash). */
export const strippedBase = join(root, 'target', 'bridgetax', 'node-js');

/** A relative `.ts` specifier in quotes or a template (`'./x.ts'`, `` `../${runtime}/${id}.ts` ``). */
const tsSpecifier = /(['"`])(\.{1,2}\/[^'"`\n]*?)\.ts\1/g;

/** Bumped when the stripping itself changes, so older trees are not reused. */
const STRIPPING = 1;

/** A tree older than this, not the current one, is removed when a new one is made. */
const STALE_MS = 60 * 60 * 1000;

/** TypeScript source without its types, its relative `.ts` imports pointing at `.js` files. */
export function stripSource(source: string, file: string): string {
  let code: string;
  try {
    code = transformSync(source, { mode: 'strip-only' }).code;
  } catch (e) {
    throw new Error(`${relative(root, file)} cannot be stripped of its types for the Node runner: ${(e as Error).message}`);
  }
  return code.replace(tsSpecifier, '$1$2.js$1');
}

let current: string | undefined;

/** The stripped tree of the current sources, made when missing; memoized per process. */
export function strippedTree(): string {
  if (current && existsSync(join(current, 'package.json'))) return current;
  const files = strippedSources.flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => join(root, d, f)))
    .filter((f) => /\.(ts|json)$/.test(f)).sort();
  const contents = files.map((f) => readFileSync(f, 'utf8'));
  const h = createHash('sha256').update(`${STRIPPING}\0`);
  files.forEach((f, i) => h.update(relative(root, f)).update('\0').update(contents[i]!).update('\0'));
  const dir = join(strippedBase, h.digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'package.json'))) {
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    files.forEach((f, i) => {
      const rel = relative(root, f);
      const dest = join(tmp, rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, rel.endsWith('.ts') ? stripSource(contents[i]!, f) : contents[i]!);
    });
    // Its own scope: ES modules, whatever a parent package.json says.
    writeFileSync(join(tmp, 'package.json'), '{ "type": "module", "private": true }\n');
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process made the same tree first: theirs is as good.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(join(dir, 'package.json'))) throw e;
    }
    for (const old of readdirSync(strippedBase)) {
      const p = join(strippedBase, old);
      try {
        if (p !== dir && Date.now() - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
      } catch {
        // Removed meanwhile by another orchestrator pruning the same folder.
      }
    }
  }
  current = dir;
  return dir;
}

/** The stripped `.js` file of a project `.ts` file under `strippedSources`; undefined for any
 *  other (a test's own entry runs as TypeScript). */
export function strippedEntry(tsFile: string): string | undefined {
  const rel = relative(root, tsFile);
  if (!rel.endsWith('.ts') || !strippedSources.some((d) => rel.startsWith(d.split('/').join(sep) + sep))) return undefined;
  return join(strippedTree(), rel.replace(/\.ts$/, '.js'));
}
