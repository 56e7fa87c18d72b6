/**
 * Durations for people, shared by the runners' progress lines and every report.
 */

/** A duration in ns as ns below 1 µs, then µs, ms, s, with three significant digits. */
export function formatNs(ns: number): string {
  const [v, unit] = ns < 1e3 ? [ns, 'ns'] : ns < 1e6 ? [ns / 1e3, 'µs'] : ns < 1e9 ? [ns / 1e6, 'ms'] : [ns / 1e9, 's'];
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${unit}`;
}

/** A duration in ms kept in ms, as the event_loop tables quote lateness beside job times:
 *  `0.08 ms`, `1.2 ms`, `21.3 ms`, `203 ms`. */
export function formatMs(ms: number): string {
  return `${ms < 1 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}
