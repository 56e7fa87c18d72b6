//! napi-pinned: rustlib's N-API exports compiled a second time, against the
//! napi-rs release pinned in this crate's manifest and lockfile. The wrapper
//! source is rustlib's own (`#[path]`, never a copy), over the same kernels,
//! so the `napi` column at this version differs from rustlib's in napi-rs
//! alone: what a napi-rs release adds per call is then a measured figure.

#![deny(unsafe_op_in_unsafe_fn)]

// `node_api.rs` names the kernels and the SHA-256 helper by their paths in
// rustlib's crate root; the same paths exist here, and `for_each_workload!`
// (the declarations its exports are generated from) comes in with the kernels.
#[macro_use]
extern crate kernels;
#[path = "../../../rustlib/src/digest.rs"]
mod digest;
#[cfg_attr(test, allow(dead_code))]
#[path = "../../../rustlib/src/node_api.rs"]
mod node_api;
