/** Bun runner: every mechanism Bun has. */
import process from 'node:process';
import { js } from '../shared/mechanisms/js.ts';
import { http, httpFresh } from '../shared/mechanisms/http.ts';
import { koffi } from '../shared/mechanisms/koffi.ts';
import { napi } from '../shared/mechanisms/napi.ts';
import { napiSys } from '../shared/mechanisms/napi-sys.ts';
import { neon } from '../shared/mechanisms/neon.ts';
import { platform } from '../shared/mechanisms/platform.ts';
import { wasm } from '../shared/mechanisms/wasm.ts';
import { wasmBindgen } from '../shared/mechanisms/wasm-bindgen.ts';
import { runRunner } from '../shared/runner.ts';
import { bunFfi } from './bun-ffi.ts';

process.exitCode = await runRunner([js, platform, napi, napiSys, neon, koffi, bunFfi, wasm, wasmBindgen, http, httpFresh], process.argv.slice(2));
