/**
 * What the HTML report inlines besides the data: Chart.js's UMD build from node_modules, the
 * page's own script (client.js) and its styles (styles.css). The two are real files beside this
 * one, so they can be linted and type-checked as what they are; each is found relative to this
 * module (not the working folder), so `pnpm compare`, the tests and a run from anywhere read the
 * same files, and each is read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file's text, checked to stay text inside the element it is inlined in: a `</script` or
 *  `</style` in it would close that element early. */
function inlinable(path: string, element: 'script' | 'style', what: string): string {
  const src = readFileSync(path, 'utf8');
  if (new RegExp(`</${element}`, 'i').test(src)) throw new Error(`${what} contains "</${element}": it cannot be inlined as is`);
  return src;
}

const read = new Map<string, string>();
const once = (key: string, load: () => string): string => {
  let text = read.get(key);
  if (text === undefined) read.set(key, (text = load()));
  return text;
};
const besideThis = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Chart.js's UMD build from node_modules. */
export const chartJs = (): string => once('chart.js', () => {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return inlinable(join(dirname(main), 'chart.umd.min.js'), 'script', 'chart.js');
});

/** The page's script: hands the chart specs to Chart.js and wires the filters (client.js). */
export const clientScript = (): string => once('client.js', () => inlinable(besideThis('./client.js'), 'script', 'client.js'));

/** The page's styles (styles.css). */
export const styles = (): string => once('styles.css', () => inlinable(besideThis('./styles.css'), 'style', 'styles.css'));
