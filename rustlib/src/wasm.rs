//! Crate root of the WebAssembly build: the same kernels and C ABI as the
//! native library, without napi (which has no meaning inside wasm). Built
//! by plain rustc, not cargo, so Debian's rustc 1.63 can do it:
//!
//! rustc --target wasm32-unknown-unknown --crate-type cdylib -O \
//!       --edition 2021 rustlib/src/wasm.rs -o rustlib.wasm
//!
//! The module paths resolve next to this file, so both crate roots see the
//! kernels as `crate::kernels`, as `c_abi.rs` expects.

#![deny(unsafe_op_in_unsafe_fn)]

#[path = "c_abi.rs"]
mod c_abi;
#[path = "kernels.rs"]
mod kernels;
