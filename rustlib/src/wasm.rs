//! Crate root of the WebAssembly build: the same kernels and C ABI as the
//! native library, without napi (which has no meaning inside wasm). Built
//! by plain rustc, not cargo, so Debian's rustc 1.63 can do it:
//!
//! rustc kernels/build.rs -o gen            # the declarations' macros
//! CARGO_MANIFEST_DIR=kernels OUT_DIR=out ./gen
//! OUT_DIR=out rustc --target wasm32-unknown-unknown --crate-type cdylib -O \
//!       --edition 2021 rustlib/src/wasm.rs -o rustlib.wasm
//!
//! (orchestrator/build.ts does exactly this.) The module paths resolve next to
//! this file; the kernels crate's source is included as a module, so both
//! crate roots see it as `crate::kernels`, as `c_abi.rs` expects, and its
//! `for_each_workload!` is in scope for `c_abi.rs` (`macro_use`, declared
//! first). Workloads whose kernel needs a crate are left out by `c_abi.rs`.

#![deny(unsafe_op_in_unsafe_fn)]

#[macro_use]
#[path = "../../kernels/src/lib.rs"]
mod kernels;
#[path = "c_abi.rs"]
mod c_abi;

// The JS function `bt_callback_sum` calls back in the wasm build. A JS
// function cannot be put in a wasm function table, so JS passes this
// import's trampoline instead, and the import calls the current callback.
#[link(wasm_import_module = "env")]
extern "C" {
    fn bt_js_callback(i: i32) -> i32;
}

extern "C" fn js_callback_trampoline(i: i32) -> i32 {
    // SAFETY: the import is a JS function of the declared (i32) -> i32 type.
    unsafe { bt_js_callback(i) }
}

/// The table index of the trampoline, to pass as `bt_callback_sum`'s `cb`.
#[no_mangle]
pub extern "C" fn bt_wasm_callback_ptr() -> usize {
    js_callback_trampoline as usize
}
