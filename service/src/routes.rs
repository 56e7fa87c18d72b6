//! One route per workload: decode the request the way a service would
//! receive it, call the kernel, encode the answer. No networking here, so
//! every route is tested without a socket.
//!
//! Encodings (the same rule the JS adapter follows, runners/shared/mechanisms/http.ts):
//! - scalar arguments: a JSON array, in the catalogue's order; an i64 is a
//!   JSON string (JSON numbers are doubles to most readers), a non-finite or
//!   negative-zero f64 a string too (`"NaN"`, `"-0"`), since JSON has none;
//! - typed arrays: the raw little-endian elements as a binary body; several
//!   of them concatenated, their element counts in `?lengths=a,b,c`;
//! - a string: its UTF-8 as a text body; a string list: a JSON array;
//! - results: scalars as JSON (i64 and non-finite f64 as strings, as above),
//!   arrays written in place as a binary body of their new contents, a
//!   returned string as a UTF-8 body, lists as JSON arrays, nothing as 204.

use serde_json::Value;

#[path = "../../rustlib/src/digest.rs"]
mod digest;

/// Every workload route, for the health answer (and its test).
pub const ROUTES: &[&str] = &[
    "noop",
    "add_i32",
    "add_f64",
    "add_i64",
    "sum6_f64",
    "bytes_sum",
    "bytes_invert",
    "str_hash",
    "str_hash_bytes",
    "str_make",
    "f64_sum",
    "async_job",
    "fib",
    "count_primes",
    "hash_strings",
    "sha256_strings",
    "sort_f64",
    "fin_metrics",
    "batch_add_i32",
];

/// A response body and what it holds.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Empty,
    Json(String),
    Binary(Vec<u8>),
    Text(String),
}

/// Why a request was refused: the status and a message saying what to send instead.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

fn bad(message: String) -> Refusal {
    Refusal {
        status: 400,
        message,
    }
}

/// Answers `POST /<route>?<query>` with `body`.
pub fn handle(route: &str, query: Option<&str>, body: &[u8]) -> Result<Reply, Refusal> {
    let r = route;
    match r {
        "noop" => {
            scalars(r, body, 0)?;
            kernels::noop();
            Ok(Reply::Empty)
        }
        "add_i32" => {
            let a = scalars(r, body, 2)?;
            Ok(json(kernels::add_i32(int(r, &a[0])?, int(r, &a[1])?)))
        }
        "add_f64" => {
            let a = scalars(r, body, 2)?;
            Ok(float(kernels::add_f64(
                f64_of(r, &a[0])?,
                f64_of(r, &a[1])?,
            )))
        }
        "add_i64" => {
            let a = scalars(r, body, 2)?;
            let sum = kernels::add_i64(i64_of(r, &a[0])?, i64_of(r, &a[1])?);
            Ok(json(sum.to_string()))
        }
        "sum6_f64" => {
            let a = scalars(r, body, 6)?;
            let v = a
                .iter()
                .map(|x| f64_of(r, x))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(float(kernels::sum6_f64(v[0], v[1], v[2], v[3], v[4], v[5])))
        }
        "bytes_sum" => Ok(json(kernels::bytes_sum(body))),
        "bytes_invert" => {
            let mut bytes = body.to_vec();
            kernels::bytes_invert(&mut bytes);
            Ok(Reply::Binary(bytes))
        }
        "str_hash" => Ok(json(kernels::fnv1a32(text(r, body)?.as_bytes()))),
        "str_hash_bytes" => Ok(json(kernels::fnv1a32(body))),
        "str_make" => {
            let a = scalars(r, body, 1)?;
            Ok(Reply::Text(kernels::str_make(int(r, &a[0])?)))
        }
        "f64_sum" => Ok(float(kernels::f64_sum(&f64s(r, body)?))),
        "async_job" => {
            let a = scalars(r, body, 1)?;
            Ok(json(kernels::async_job(int(r, &a[0])?)))
        }
        "fib" => {
            let a = scalars(r, body, 1)?;
            Ok(json(kernels::fib(int(r, &a[0])?)))
        }
        "count_primes" => {
            let a = scalars(r, body, 1)?;
            Ok(json(kernels::count_primes(int(r, &a[0])?)))
        }
        "hash_strings" => {
            let items = strings(r, body)?;
            Ok(json(kernels::hash_strings(
                items.iter().map(|s| s.as_bytes()),
            )))
        }
        "sha256_strings" => {
            let items = strings(r, body)?;
            Ok(json(digest::sha256_hex(items.iter().map(|s| s.as_bytes()))))
        }
        "sort_f64" => {
            let mut v = f64s(r, body)?;
            kernels::sort_f64(&mut v);
            Ok(Reply::Binary(
                v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ))
        }
        "fin_metrics" => {
            let m = kernels::fin_metrics(&f64s(r, body)?);
            let parts: Vec<String> = m.iter().map(|&x| float_text(x)).collect();
            Ok(Reply::Json(format!("[{}]", parts.join(","))))
        }
        "batch_add_i32" => {
            let parts = split(r, query, body, 3, 4)?;
            let a = i32s(parts[0]);
            let b = i32s(parts[1]);
            let mut out = i32s(parts[2]);
            kernels::batch_add_i32(&a, &b, &mut out);
            Ok(Reply::Binary(
                out.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ))
        }
        _ => Err(Refusal {
            status: 404,
            message: format!("no route /{r}; routes: /{}", ROUTES.join(", /")),
        }),
    }
}

fn json(v: impl serde::Serialize) -> Reply {
    // Serializing numbers, strings and lists of strings cannot fail.
    Reply::Json(serde_json::to_string(&v).unwrap_or_default())
}

fn float(x: f64) -> Reply {
    Reply::Json(float_text(x))
}

/// An f64 as JSON: the shortest text that reads back to the same double, or a
/// string for what JSON numbers cannot hold.
fn float_text(x: f64) -> String {
    if x.is_nan() {
        "\"NaN\"".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        }
        .into()
    } else {
        serde_json::to_string(&x).unwrap_or_default()
    }
}

fn scalars(route: &str, body: &[u8], n: usize) -> Result<Vec<Value>, Refusal> {
    let v: Vec<Value> = serde_json::from_slice(body)
        .map_err(|e| bad(format!("/{route} takes a JSON array of {n} arguments: {e}")))?;
    if v.len() != n {
        return Err(bad(format!(
            "/{route} takes {n} arguments, got {}",
            v.len()
        )));
    }
    Ok(v)
}

fn int<T: TryFrom<i64>>(route: &str, v: &Value) -> Result<T, Refusal> {
    v.as_i64().and_then(|x| T::try_from(x).ok()).ok_or_else(|| {
        bad(format!(
            "/{route}: {v} is not an integer of the argument's type"
        ))
    })
}

fn i64_of(route: &str, v: &Value) -> Result<i64, Refusal> {
    match v {
        Value::String(s) => s.parse().ok(),
        _ => v.as_i64(),
    }
    .ok_or_else(|| {
        bad(format!(
            "/{route}: {v} is not an i64 (send it as a JSON string of digits)"
        ))
    })
}

fn f64_of(route: &str, v: &Value) -> Result<f64, Refusal> {
    match v {
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            "-0" => Some(-0.0),
            _ => None,
        },
        _ => v.as_f64(),
    }
    .ok_or_else(|| bad(format!("/{route}: {v} is not an f64 (a JSON number, or \"NaN\", \"Infinity\", \"-Infinity\", \"-0\")")))
}

fn text<'a>(route: &str, body: &'a [u8]) -> Result<&'a str, Refusal> {
    std::str::from_utf8(body).map_err(|e| bad(format!("/{route} takes a UTF-8 text body: {e}")))
}

fn strings(route: &str, body: &[u8]) -> Result<Vec<String>, Refusal> {
    serde_json::from_slice(body)
        .map_err(|e| bad(format!("/{route} takes a JSON array of strings: {e}")))
}

fn f64s(route: &str, body: &[u8]) -> Result<Vec<f64>, Refusal> {
    if !body.len().is_multiple_of(8) {
        return Err(bad(format!(
            "/{route} takes little-endian f64s: {} bytes is not a multiple of 8",
            body.len()
        )));
    }
    Ok(body
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect())
}

fn i32s(bytes: &[u8]) -> Vec<i32> {
    bytes
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Splits a body of `n` concatenated arrays of `size`-byte elements by the
/// element counts in `?lengths=`.
fn split<'a>(
    route: &str,
    query: Option<&str>,
    body: &'a [u8],
    n: usize,
    size: usize,
) -> Result<Vec<&'a [u8]>, Refusal> {
    let want = || {
        bad(format!(
            "/{route} takes {n} arrays concatenated, their element counts in ?lengths=a,b,c"
        ))
    };
    let lengths = query
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lengths=")))
        .ok_or_else(want)?
        .split(',')
        .map(|s| s.parse::<usize>().map_err(|_| want()))
        .collect::<Result<Vec<_>, _>>()?;
    if lengths.len() != n || lengths.iter().sum::<usize>() * size != body.len() {
        return Err(bad(format!(
            "/{route}: ?lengths={lengths:?} of {size}-byte elements do not add up to the body's {} bytes",
            body.len()
        )));
    }
    let mut rest = body;
    Ok(lengths
        .iter()
        .map(|&len| {
            let (head, tail) = rest.split_at(len * size);
            rest = tail;
            head
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(route: &str, body: &[u8]) -> Reply {
        handle(route, None, body).unwrap()
    }

    #[test]
    fn scalars_travel_as_json() {
        assert_eq!(
            ok("add_i32", b"[2147483647,1]"),
            Reply::Json("-2147483648".into())
        );
        assert_eq!(ok("add_f64", b"[1.5,2.25]"), Reply::Json("3.75".into()));
        assert_eq!(
            ok("add_i64", b"[\"9223372036854775807\",\"2\"]"),
            Reply::Json("\"-9223372036854775807\"".into())
        );
        assert_eq!(
            ok("add_f64", b"[\"-0\",\"-0\"]"),
            Reply::Json("-0.0".into())
        );
        assert_eq!(ok("add_f64", b"[\"NaN\",1]"), Reply::Json("\"NaN\"".into()));
        assert_eq!(ok("noop", b"[]"), Reply::Empty);
        assert_eq!(ok("fib", b"[20]"), Reply::Json("6765".into()));
        // Read exactly (serde_json's float_roundtrip), not an ulp off.
        assert_eq!(
            ok("add_f64", b"[0,-5.701025753838725e-180]"),
            Reply::Json("-5.701025753838725e-180".into())
        );
    }

    #[test]
    fn bodies_carry_bytes_text_and_lists() {
        assert_eq!(ok("bytes_sum", &[1, 2, 250]), Reply::Json("253".into()));
        assert_eq!(ok("bytes_invert", &[0, 255]), Reply::Binary(vec![255, 0]));
        assert_eq!(
            ok("str_hash", b"a"),
            Reply::Json(0xe40c_292c_u32.to_string())
        );
        assert_eq!(ok("str_make", b"[3]"), Reply::Text("bri".into()));
        let list = ok("hash_strings", b"[\"\",\"a\"]");
        assert_eq!(list, Reply::Json("[\"811c9dc5\",\"e40c292c\"]".into()));
        let sorted = ok(
            "sort_f64",
            &[2.0f64, -1.0]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect::<Vec<_>>(),
        );
        assert_eq!(
            sorted,
            Reply::Binary(
                [-1.0f64, 2.0]
                    .iter()
                    .flat_map(|x| x.to_le_bytes())
                    .collect()
            )
        );
        let ints: Vec<u8> = [1i32, 2, 10, 20, 0, 0]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let out = handle("batch_add_i32", Some("lengths=2,2,2"), &ints).unwrap();
        assert_eq!(
            out,
            Reply::Binary([11i32, 22].iter().flat_map(|x| x.to_le_bytes()).collect())
        );
    }

    #[test]
    fn bad_requests_say_what_to_send() {
        let e = handle("add_i32", None, b"[1]").unwrap_err();
        assert_eq!(
            (e.status, e.message.contains("takes 2 arguments")),
            (400, true)
        );
        assert_eq!(handle("nope", None, b"").unwrap_err().status, 404);
        assert!(handle("f64_sum", None, &[0; 7])
            .unwrap_err()
            .message
            .contains("multiple of 8"));
        assert!(handle("batch_add_i32", Some("lengths=1,1"), &[0; 12]).is_err());
        assert!(handle("str_hash", None, &[0xff]).is_err());
    }

    #[test]
    fn every_route_answers() {
        for r in ROUTES {
            assert_ne!(
                handle(r, None, b"[]").err().map(|e| e.status),
                Some(404),
                "{r}"
            );
        }
    }
}
