//! rustlib: every bridgetax workload, exported twice from one cdylib — as C
//! ABI `bt_*` symbols and as N-API functions — over one set of kernels.
//! `wasm.rs` is the other crate root, building the same kernels and C ABI
//! to wasm32 without napi.

// Keeps each unsafe operation in its own `// SAFETY:`-commented block, and
// stops rustc 1.63 (the wasm build) calling those blocks unused.
#![deny(unsafe_op_in_unsafe_fn)]

// The C ABI must not panic (a panic can't unwind through `extern "C"`, and
// the release profile turns one into an abort that costs the whole column):
// clippy refuses the panicking forms outright. Unit tests may assert.
#[cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::arithmetic_side_effects
    )
)]
mod c_abi;
mod digest;
// The kernels are their own crate, shared by every binding; at the crate root
// it is `crate::kernels`, the path `c_abi.rs` uses in both crate roots (the
// wasm build includes the same source as a module). `macro_use` brings in
// `for_each_workload!`, the declarations every wrapper is generated from.
#[macro_use]
extern crate kernels;
#[cfg(test)]
mod props;
// napi-derive registers exports only outside `cfg(test)`, which leaves the
// wrappers unreferenced in the unit-test build.
#[cfg_attr(test, allow(dead_code))]
mod node_api;
