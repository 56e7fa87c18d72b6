//! One route per workload: decode the request the way a service would
//! receive it, call the kernel, encode the answer. No networking here, so
//! every route is tested without a socket. The routes are generated from the
//! declarations (contract/workloads.json, through `for_each_workload!`) by
//! `routes!` below: one rule per type word, none per workload. A workload
//! that takes a callback has no route (a service cannot call its caller's JS
//! function mid-request), nor does one whose arguments mix kinds (scalars
//! with arrays, say), which no request encoding below carries.
//!
//! Encodings (the same rule the JS adapter follows, runners/shared/mechanisms/http.ts):
//! - scalar arguments: a JSON array, in the catalogue's order; an i64 is a
//!   JSON string (JSON numbers are doubles to most readers), a non-finite or
//!   negative-zero f64 a string too (`"NaN"`, `"-0"`), since JSON has none;
//! - typed arrays: the raw little-endian elements as a binary body; several
//!   of them concatenated, their element counts in `?lengths=a,b,c`;
//! - a string: its UTF-8 as a text body; a string list: a JSON array;
//! - records (`records<shape>`, always a workload's only argument): the body
//!   is their JSON text, the array of objects `JSON.stringify` writes, read by
//!   the kernels' own codec (`kernels::json::parse_list`); text that is not
//!   an array of the shape's records is a 400 answer;
//! - results: scalars as JSON (i64 and non-finite f64 as strings, as above),
//!   arrays written in place as a binary body of their new contents, a
//!   returned string as a UTF-8 body, lists as JSON arrays, records as their
//!   JSON text (`kernels::json::write_list`), nothing as 204.

use serde_json::Value;

use kernels::json::Record;
use kernels::{for_each_record, for_each_workload};

#[path = "../../rustlib/src/digest.rs"]
mod digest;

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

/// How an argument travels in a request (see the module's documentation).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// A JSON array of scalars.
    Scalar,
    /// Typed arrays as raw little-endian elements of this many bytes.
    Array(usize),
    /// A UTF-8 text body.
    Text,
    /// A JSON array of strings.
    Strings,
    /// A JSON array of records: the whole body, so only as the one argument.
    Records,
    /// No encoding at all (a callback).
    None,
}

/// Whether a route exists for arguments of these kinds: no callback, one kind throughout, and
/// records only alone (they are the whole body).
const fn routable(kinds: &[Kind]) -> bool {
    let mut i = 0;
    while i < kinds.len() {
        let same = match (kinds[0], kinds[i]) {
            (Kind::None, _) | (_, Kind::None) => false,
            (Kind::Records, Kind::Records) => kinds.len() == 1,
            (Kind::Scalar, Kind::Scalar) | (Kind::Text, Kind::Text) => true,
            (Kind::Strings, Kind::Strings) | (Kind::Array(_), Kind::Array(_)) => true,
            _ => false,
        };
        if !same {
            return false;
        }
        i += 1;
    }
    true
}

/// How many of the declared workloads have a route.
const fn count_routable(all: &[(&str, &[Kind])]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < all.len() {
        if routable(all[i].1) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of the routable workloads, in declaration order.
const fn routable_names<const N: usize>(all: &[(&'static str, &[Kind])]) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < all.len() {
        if routable(all[i].1) {
            out[n] = all[i].0;
            n += 1;
        }
        i += 1;
    }
    out
}

/// A request being decoded: its scalars (a JSON array, read once), and its arrays (the body,
/// or the body split by `?lengths=`), each taken in argument order.
struct Request<'a> {
    route: &'a str,
    body: &'a [u8],
    scalars: std::vec::IntoIter<Value>,
    arrays: std::vec::IntoIter<&'a [u8]>,
}

impl<'a> Request<'a> {
    fn new(
        route: &'a str,
        query: Option<&str>,
        body: &'a [u8],
        kinds: &[Kind],
    ) -> Result<Self, Refusal> {
        let n_scalars = kinds.iter().filter(|k| **k == Kind::Scalar).count();
        let sizes: Vec<usize> = kinds
            .iter()
            .filter_map(|k| match k {
                Kind::Array(size) => Some(*size),
                _ => None,
            })
            .collect();
        // A route without arguments still takes `[]`, as a scalar route does.
        let scalars = if n_scalars > 0 || kinds.is_empty() {
            scalars(route, body, n_scalars)?
        } else {
            Vec::new()
        };
        let arrays = match sizes.len() {
            0 => Vec::new(),
            1 => vec![body],
            _ => split(route, query, body, &sizes)?,
        };
        Ok(Request {
            route,
            body,
            scalars: scalars.into_iter(),
            arrays: arrays.into_iter(),
        })
    }

    fn scalar(&mut self) -> Value {
        // `Request::new` checked the count.
        self.scalars.next().unwrap_or(Value::Null)
    }

    fn array(&mut self) -> &'a [u8] {
        self.arrays.next().unwrap_or(&[])
    }
}

/// The routes (`routes!` writes one handler per declared workload in a module named as it,
/// `DECLARED` with every workload's argument kinds, and `handle`).
macro_rules! routes {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        /// Every declared workload with an export of its own, and how its arguments travel.
        const DECLARED: &[(&str, &[Kind])] = &[$(($name, &[$(kind!($ty)),*])),*];

        $(routes!(@handler $mode $id $home ($($ty $a $d),*) $ret $out);)*

        /// Answers `POST /<route>?<query>` with `body`.
        pub fn handle(route: &str, query: Option<&str>, body: &[u8]) -> Result<Reply, Refusal> {
            let kinds = DECLARED
                .iter()
                .find(|(name, kinds)| *name == route && routable(kinds))
                .map(|(_, kinds)| *kinds);
            let Some(kinds) = kinds else {
                return Err(Refusal {
                    status: 404,
                    message: format!("no route /{route}; routes: /{}", ROUTES.join(", /")),
                });
            };
            let mut req = Request::new(route, query, body, kinds)?;
            match route {
                $($name => routes!(@dispatch $mode $id req),)*
                _ => unreachable!("every declared workload has a handler"),
            }
        }
    };
    (@dispatch fallible $id:ident $req:ident) => {
        unreachable!("a workload with a callback has no route")
    };
    (@dispatch thread $id:ident $req:ident) => {
        unreachable!("a workload with a callback has no route")
    };
    (@dispatch $mode:ident $id:ident $req:ident) => {
        $id::handle(&mut $req)
    };
    (@handler fallible $($r:tt)*) => {};
    (@handler thread $($r:tt)*) => {};
    (@handler $mode:ident $id:ident $home:ident ($($ty:ident $a:ident $d:ident),*) $ret:ident $out:ident) => {
        mod $id {
            use super::*;

            // `req` is unused by a route without arguments, `written` by one that writes none.
            #[allow(unused_variables, unused_mut)]
            pub(super) fn handle(req: &mut Request) -> Result<Reply, Refusal> {
                $(take!($ty $a req $d);)*
                let r = call!($home $id ($(pass!($ty $a)),*));
                let mut written: Vec<u8> = Vec::new();
                $(written!($ty $a written);)*
                // Arrays written in place come back as their new contents, in argument order.
                if !written.is_empty() {
                    return Ok(Reply::Binary(written));
                }
                Ok(reply!($ret r $out))
            }
        }
    };
}

/// How an argument's type word travels.
macro_rules! kind {
    (bytes) => {
        Kind::Array(1)
    };
    (bytes_mut) => {
        Kind::Array(1)
    };
    (f64s) => {
        Kind::Array(8)
    };
    (f64s_mut) => {
        Kind::Array(8)
    };
    (i32s) => {
        Kind::Array(4)
    };
    (i32s_mut) => {
        Kind::Array(4)
    };
    (str) => {
        Kind::Text
    };
    (strs) => {
        Kind::Strings
    };
    (records) => {
        Kind::Records
    };
    (callback) => {
        Kind::None
    };
    ($scalar:ident) => {
        Kind::Scalar
    };
}

/// Reads an argument from the request, as the kernel takes it (owned where it is written): a
/// `let` statement.
macro_rules! take {
    (i32 $a:ident $req:ident $d:ident) => {
        let $a = int::<i32>($req.route, &$req.scalar())?;
    };
    (u32 $a:ident $req:ident $d:ident) => {
        let $a = int::<u32>($req.route, &$req.scalar())?;
    };
    (i64 $a:ident $req:ident $d:ident) => {
        let $a = i64_of($req.route, &$req.scalar())?;
    };
    (f64 $a:ident $req:ident $d:ident) => {
        let $a = f64_of($req.route, &$req.scalar())?;
    };
    (bytes $a:ident $req:ident $d:ident) => {
        let $a = $req.array();
    };
    (bytes_mut $a:ident $req:ident $d:ident) => {
        let mut $a = $req.array().to_vec();
    };
    (f64s $a:ident $req:ident $d:ident) => {
        let $a = f64s($req.route, $req.array())?;
    };
    (f64s_mut $a:ident $req:ident $d:ident) => {
        let mut $a = f64s($req.route, $req.array())?;
    };
    (i32s $a:ident $req:ident $d:ident) => {
        let $a = i32s($req.route, $req.array())?;
    };
    (i32s_mut $a:ident $req:ident $d:ident) => {
        let mut $a = i32s($req.route, $req.array())?;
    };
    (str $a:ident $req:ident $d:ident) => {
        let $a = text($req.route, $req.body)?;
    };
    (strs $a:ident $req:ident $d:ident) => {
        let $a = strings($req.route, $req.body)?;
    };
    // `$d` is the shape's struct (`Payment`).
    (records $a:ident $req:ident $d:ident) => {
        let $a = records::<kernels::records::$d>($req.route, $req.body)?;
    };
}

/// What the kernel is passed for an argument read by `take!`.
macro_rules! pass {
    (f64s $a:ident) => {
        &$a
    };
    (i32s $a:ident) => {
        &$a
    };
    (bytes_mut $a:ident) => {
        &mut $a
    };
    (f64s_mut $a:ident) => {
        &mut $a
    };
    (i32s_mut $a:ident) => {
        &mut $a
    };
    (str $a:ident) => {
        $a.as_bytes()
    };
    (strs $a:ident) => {
        $a.iter().map(|s| s.as_bytes())
    };
    (records $a:ident) => {
        &$a
    };
    ($other:ident $a:ident) => {
        $a
    };
}

/// The kernel call (`native`: rustlib's digest.rs).
macro_rules! call {
    (kernels $id:ident ($($arg:expr),*)) => { kernels::$id($($arg),*) };
    (native $id:ident ($($arg:expr),*)) => { digest::$id($($arg),*) };
}

/// Appends a written array's new contents, little-endian (a statement).
macro_rules! written {
    (bytes_mut $a:ident $w:ident) => {
        $w.extend_from_slice(&$a);
    };
    (f64s_mut $a:ident $w:ident) => {
        $w.extend($a.iter().flat_map(|x| x.to_le_bytes()));
    };
    (i32s_mut $a:ident $w:ident) => {
        $w.extend($a.iter().flat_map(|x| x.to_le_bytes()));
    };
    ($other:ident $a:ident $w:ident) => {};
}

/// The kernel's answer as a reply.
macro_rules! reply {
    (void $r:ident $out:ident) => {{
        let () = $r;
        Reply::Empty
    }};
    (i64 $r:ident $out:ident) => {
        json($r.to_string())
    };
    (f64 $r:ident $out:ident) => {
        float($r)
    };
    (str $r:ident $out:ident) => {
        Reply::Text($r)
    };
    // Byte for byte what `JSON.stringify` writes for the same records.
    (records $r:ident $out:ident) => {
        Reply::Json(kernels::json::write_list(&$r))
    };
    (f64x4 $r:ident $out:ident) => {{
        let parts: Vec<String> = $r.iter().map(|&x| float_text(x)).collect();
        Reply::Json(format!("[{}]", parts.join(",")))
    }};
    ($other:ident $r:ident $out:ident) => {
        json($r)
    };
}

for_each_workload!(routes);

/// Every workload route, for the health answer (and its test).
pub const ROUTES: &[&str] = &ROUTE_NAMES;
const ROUTE_NAMES: [&str; count_routable(DECLARED)] = routable_names(DECLARED);

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

/// A record shape's name and fields, for a refusal's message (`for_each_record!`).
trait Shape: Record {
    const NAME: &'static str;
    /// `"jsKey": type` of every field, in declared order.
    const FIELDS: &'static [&'static str];
}

macro_rules! shapes {
    ($($rust:ident $name:literal { $($field:ident $key:literal $ty:ident),* };)*) => {
        $(impl Shape for kernels::records::$rust {
            const NAME: &'static str = $name;
            const FIELDS: &'static [&'static str] =
                &[$(concat!("\"", $key, "\": ", stringify!($ty))),*];
        })*
    };
}

for_each_record!(shapes);

/// The records of a JSON array body; refused unless every element is a `T` record (no other
/// key, every value of its field's type).
fn records<T: Shape>(route: &str, body: &[u8]) -> Result<Vec<T>, Refusal> {
    kernels::json::parse_list(body).ok_or_else(|| {
        bad(format!(
            "/{route} takes a JSON array of `{}` records as its body, each {{{}}}",
            T::NAME,
            T::FIELDS.join(", ")
        ))
    })
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

fn i32s(route: &str, body: &[u8]) -> Result<Vec<i32>, Refusal> {
    if !body.len().is_multiple_of(4) {
        return Err(bad(format!(
            "/{route} takes little-endian i32s: {} bytes is not a multiple of 4",
            body.len()
        )));
    }
    Ok(body
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// Splits a body of concatenated arrays, whose elements are `sizes[i]` bytes each, by the
/// element counts in `?lengths=`.
fn split<'a>(
    route: &str,
    query: Option<&str>,
    body: &'a [u8],
    sizes: &[usize],
) -> Result<Vec<&'a [u8]>, Refusal> {
    let n = sizes.len();
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
    let total = lengths
        .iter()
        .zip(sizes)
        .try_fold(0usize, |sum, (&len, &size)| {
            sum.checked_add(len.checked_mul(size)?)
        });
    if lengths.len() != n || total != Some(body.len()) {
        return Err(bad(format!(
            "/{route}: ?lengths={lengths:?} of {sizes:?}-byte elements do not add up to the body's {} bytes",
            body.len()
        )));
    }
    let mut rest = body;
    Ok(lengths
        .iter()
        .zip(sizes)
        .map(|(&len, &size)| {
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
    fn records_travel_as_their_json_text() {
        let payments = r#"[{"amountCents":1,"method":"card","crossBorder":true},{"amountCents":35762,"method":"sepa","crossBorder":false}]"#;
        assert_eq!(ok("make_payments", b"[2]"), Reply::Json(payments.into()));
        assert_eq!(ok("make_payments", b"[0]"), Reply::Json("[]".into()));
        assert_eq!(
            ok("json_stringify", payments.as_bytes()),
            Reply::Text(payments.into())
        );
        assert_eq!(
            ok("json_parse", payments.as_bytes()),
            Reply::Json(payments.into())
        );
        // Whitespace and key order as any JSON writer sends them.
        let spaced = br#" [ { "method" : "card", "crossBorder": true, "amountCents": 100000 } ] "#;
        let fees = kernels::payment_fees(&[kernels::records::Payment {
            amount_cents: 100_000,
            method: "card".into(),
            cross_border: true,
        }]);
        let expected: Vec<String> = fees.iter().map(|&x| float_text(x)).collect();
        assert_eq!(
            ok("payment_fees", spaced),
            Reply::Json(format!("[{}]", expected.join(",")))
        );
        assert_eq!(
            ok(
                "fin_metrics_records",
                br#"[{"day":0,"ret":0.01},{"day":1,"ret":-0.02}]"#
            ),
            ok(
                "fin_metrics",
                &[0.01f64, -0.02]
                    .iter()
                    .flat_map(|x| x.to_le_bytes())
                    .collect::<Vec<_>>()
            )
        );
    }

    #[test]
    fn bad_records_are_refused() {
        for body in [
            &b"{bad"[..],
            b"",
            b"[1]",
            b"{}",
            b"[{\"amountCents\":-1}]",
            b"[{\"amountCents\":1.5}]",
            b"[{\"method\":1}]",
            b"[{\"other\":1}]",
            b"[{\"day\":1}]",
            b"[]x",
            &[0xff, 0xfe],
        ] {
            let e = handle("payment_fees", None, body).unwrap_err();
            assert_eq!(e.status, 400, "{body:?}");
            assert!(e.message.contains("`payment` records"), "{}", e.message);
            assert!(e.message.contains("\"amountCents\": u32"), "{}", e.message);
        }
        let e = handle("fin_metrics_records", None, b"[{\"day\":1,\"ret\":\"x\"}]").unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.contains("`quote` records"), "{}", e.message);
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

    /// The routes against contract/workloads.json, read here on their own (not through the
    /// generated list), both ways: every declared workload with an export of its own has a
    /// route unless it takes a callback or mixes argument kinds (as the JS adapter,
    /// runners/shared/mechanisms/http.ts, skips it), and there is no other route.
    #[test]
    fn routes_are_exactly_the_declared_workloads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contract/workloads.json");
        let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        fn kind(t: &str) -> &str {
            match t {
                "i32" | "u32" | "i64" | "f64" => "scalar",
                "bytes" | "bytes_mut" | "f64s" | "f64s_mut" | "i32s" | "i32s_mut" => "array",
                t if t.starts_with("records<") => "records",
                other => other,
            }
        }
        let expected: Vec<&str> = file["workloads"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w.get("kernel").is_none() && w.get("via").is_none())
            .filter(|w| {
                let kinds: std::collections::BTreeSet<&str> = w["args"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| kind(t.as_str().unwrap()))
                    .collect();
                let alone = w["args"].as_array().unwrap().len() == 1;
                !kinds.contains("callback")
                    && kinds.len() <= 1
                    && (alone || !kinds.contains("records"))
            })
            .map(|w| w["id"].as_str().unwrap())
            .collect();
        assert_eq!(ROUTES, expected.as_slice());
        assert!(ROUTES.contains(&"sha256_strings") && !ROUTES.contains(&"callback_sum"));
    }
}
