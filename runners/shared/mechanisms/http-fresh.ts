/**
 * `http-fresh`: the `http` adapter with a new connection per call (what a naive client pays).
 * Its own file so every mechanism id has one where the load entry looks (runners/shared/load.ts).
 */
export { httpFresh } from './http.ts';
