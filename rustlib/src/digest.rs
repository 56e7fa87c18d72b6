//! The kernels that need a crate (`nativeOnly` in contract/workloads.json):
//! they live outside the crate-free kernels and only in the native builds
//! (every wasm build is crate-free). Every binding includes this file as its
//! module `digest`, where the generated wrappers of a workload whose `home` is
//! `native` call it, named as the workload.
//!
//! `sha256_strings`, through the `sha2` crate, answers "what if I just call a
//! Rust hashing crate", against the runtime's own `node:crypto`.
//! `spin_threads` needs no crate but threads, which wasm32-unknown-unknown
//! lacks.

use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The SHA-256 of every string, as 64 lowercase hex digits each.
pub fn sha256_strings<'a>(items: impl Iterator<Item = &'a [u8]>) -> Vec<String> {
    items
        .map(|item| {
            let mut hex = String::with_capacity(64);
            for b in Sha256::digest(item) {
                // Writing to a String cannot fail.
                let _ = write!(hex, "{b:02x}");
            }
            hex
        })
        .collect()
}

/// `jobs` spin jobs of `rounds` rounds each, one per Rust thread, all at
/// once; the wrapping sum of their answers. A thread that cannot be spawned
/// runs its job on the calling thread instead, so the answer never depends on
/// it (and no panic can reach a caller across the C ABI).
pub fn spin_threads(jobs: u32, rounds: u32) -> u32 {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(s, move || kernels::spin(rounds))
                    .ok()
            })
            .collect();
        handles.into_iter().fold(0u32, |sum, h| {
            let answer = h
                .and_then(|h| h.join().ok())
                .unwrap_or_else(|| kernels::spin(rounds));
            sum.wrapping_add(answer)
        })
    })
}

/// Runs `job(state)` on a new Rust thread (the bindings' threadsafe-callback
/// wrappers, `callback_thread`). The state is handed over once the thread
/// runs, so when none can be started it comes back (for the caller to reject
/// its Promise with) instead of being dropped, unsettled, with the closure of a
/// thread that never was.
// The service and the host include this file too, and call nothing back.
#[allow(dead_code)]
pub fn on_new_thread<S: Send + 'static>(
    state: S,
    job: impl FnOnce(S) + Send + 'static,
) -> Result<(), S> {
    let (hand, take) = std::sync::mpsc::sync_channel::<S>(1);
    let spawned = std::thread::Builder::new().spawn(move || {
        if let Ok(state) = take.recv() {
            job(state);
        }
    });
    match spawned {
        Ok(_) => hand.send(state).map_err(|e| e.0),
        Err(_) => Err(state),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_threads_sums_every_job() {
        assert_eq!(spin_threads(3, 1000), kernels::spin(1000).wrapping_mul(3));
        assert_eq!(spin_threads(0, 1000), 0);
    }

    #[test]
    fn matches_the_fips_180_vectors() {
        let items: [&[u8]; 2] = [b"", b"abc"];
        assert_eq!(
            sha256_strings(items.iter().copied()),
            [
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            ]
        );
    }
}
