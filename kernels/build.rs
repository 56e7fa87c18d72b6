//! Generates `$OUT_DIR/workloads.rs` from contract/workloads.json: the macros every binding
//! family's wrappers are generated from (`for_each_workload!`, `for_each_alias!`), so a workload
//! is declared once, in the JSON, and no Rust file lists the workloads by hand.
//!
//! The JSON is read by the small reader below, not serde_json: this script also runs under
//! Debian's Rust 1.63 (bindings/wasm-bindgen builds the kernels with cargo 1.63 from its own
//! lockfile, and orchestrator/build.ts compiles this file with plain rustc for rustlib.wasm,
//! where no crate can be linked at all). The file is plain JSON written by people; the reader
//! takes all of JSON's grammar and refuses anything else with the byte offset.
//!
//! Run by cargo, it reads `CARGO_MANIFEST_DIR/../contract/workloads.json`; run by hand (the
//! plain-rustc wasm build), the same two environment variables say where from and where to.

use std::collections::BTreeSet;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let source = manifest.join("..").join("contract").join("workloads.json");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(&source)
        .unwrap_or_else(|e| panic!("cannot read {}: {}", source.display(), e));
    let generated = match generate(&text) {
        Ok(g) => g,
        Err(e) => panic!("{}: {}", source.display(), e),
    };
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("workloads.rs");
    // Written only when it changed, so a rebuild of the generator does not recompile every
    // binding for nothing.
    if fs::read_to_string(&out).ok().as_deref() != Some(generated.as_str()) {
        fs::write(&out, generated)
            .unwrap_or_else(|e| panic!("cannot write {}: {}", out.display(), e));
    }
}

/// A JSON value.
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    /// A number (its value is never needed: the file's numbers are sizes and tolerances).
    Num,
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("invalid JSON at byte {}: {}", self.at, what))
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.at).copied()
    }

    fn expect(&mut self, b: u8) -> Result<(), String> {
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            self.fail(&format!("expected '{}'", b as char))
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("unknown literal")
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let mut fields = Vec::new();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Json::Obj(fields));
                }
                loop {
                    let key = self.string()?;
                    self.expect(b':')?;
                    fields.push((key, self.value()?));
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Json::Obj(fields));
                        }
                        _ => return self.fail("expected ',' or '}'"),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value()?);
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return self.fail("expected ',' or ']'"),
                    }
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') =
                    self.bytes.get(self.at)
                {
                    self.at += 1;
                }
                let text = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
                if text.parse::<f64>().is_err() {
                    return self.fail("bad number");
                }
                Ok(Json::Num)
            }
            _ => self.fail("expected a value"),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let b = match self.bytes.get(self.at) {
                Some(&b) => b,
                None => return self.fail("unterminated string"),
            };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = match self.bytes.get(self.at) {
                        Some(&e) => e,
                        None => return self.fail("unterminated escape"),
                    };
                    self.at += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = |r: &mut Reader| -> Result<u32, String> {
                                let digits = r
                                    .bytes
                                    .get(r.at..r.at + 4)
                                    .and_then(|d| std::str::from_utf8(d).ok());
                                match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
                                    Some(v) => {
                                        r.at += 4;
                                        Ok(v)
                                    }
                                    None => r.fail("bad \\u escape"),
                                }
                            };
                            let hi = hex(self)?;
                            let code = if (0xd800..0xdc00).contains(&hi)
                                && self.bytes[self.at..].starts_with(b"\\u")
                            {
                                self.at += 2;
                                let lo = hex(self)?;
                                0x10000 + ((hi - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff)
                            } else {
                                hi
                            };
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return self.fail("unknown escape"),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
        String::from_utf8(out).or_else(|_| self.fail("a string is not UTF-8"))
    }
}

fn parse(text: &str) -> Result<Json, String> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let v = r.value()?;
    if r.peek().is_some() {
        return r.fail("trailing characters");
    }
    Ok(v)
}

/// A snake_case id, which is also a Rust identifier (contract/workloads.ts `workloadId`).
fn ident(s: &str, what: &str) -> Result<String, String> {
    let ok = s.bytes().next().map_or(false, |b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("{} {:?} is not snake_case (a-z, 0-9, _)", what, s))
    }
}

/// What every binding can hand to a thread that calls JS back: numbers and exactly one callback
/// in (nothing borrowed from JS memory, which the thread could outlive), and an `i32` out, which
/// the C ABI delivers through a second callback of the one callback type
/// (contract/types.ts `callbackSignature`).
fn check_thread(id: &str, args: &[String], ret: &str) -> Result<(), String> {
    let numbers = ["i32", "u32", "i64", "f64"];
    let callbacks = args.iter().filter(|a| *a == "callback").count();
    let others = args
        .iter()
        .all(|a| a == "callback" || numbers.contains(&a.as_str()));
    if callbacks != 1 || !others || ret != "i32" {
        return Err(format!(
            "workload {}: an async workload that calls back into JS takes numbers and one callback and returns i32 (got ({}) -> {})",
            id,
            args.join(", "),
            ret
        ));
    }
    Ok(())
}

/// A record shape: its name, its Rust type (the name in CamelCase) and its fields in order, each
/// as the Rust field (snake_case), the JS key and the field type word.
struct Shape {
    name: String,
    rust: String,
    fields: Vec<(String, String, String)>,
    /// The crate of a user's workload that defines the struct (its `"$crate"` key), for a shape
    /// a user's workload declares: kernels::records re-exports it instead of defining it.
    owner: Option<String>,
}

/// The field types a record may hold (contract/types.ts `fieldTypes`).
const FIELD_TYPES: [&str; 5] = ["i32", "u32", "f64", "str", "bool"];

/// `amountCents` → `amount_cents`.
fn snake(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `payment_row` → `PaymentRow`.
fn camel(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut cs = part.chars();
            match cs.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The declared record shapes (`records` in the file; none when absent).
fn record_shapes(root: &Json) -> Result<Vec<Shape>, String> {
    let fields = match root.get("records") {
        Some(Json::Obj(f)) => f,
        None => return Ok(Vec::new()),
        Some(_) => return Err("\"records\" is not an object".into()),
    };
    let mut shapes = Vec::new();
    for (name, def) in fields.iter().filter(|(k, _)| !k.starts_with('$')) {
        let name = ident(name, "record shape")?;
        let list = match def {
            Json::Obj(list) if !list.is_empty() => list,
            _ => {
                return Err(format!(
                    "record {}: its fields are an object of key: type",
                    name
                ))
            }
        };
        let mut out = Vec::new();
        let mut owner = None;
        for (key, t) in list {
            if key == "$crate" {
                owner = Some(ident(t.str().unwrap_or(""), "crate")?);
                continue;
            }
            let ok = key.bytes().next().map_or(false, |b| b.is_ascii_lowercase())
                && key.bytes().all(|b| b.is_ascii_alphanumeric());
            if !ok {
                return Err(format!(
                    "record {}: field {:?} is not a camelCase key (a-z, A-Z, 0-9)",
                    name, key
                ));
            }
            let t = t.str().unwrap_or("");
            if !FIELD_TYPES.contains(&t) {
                return Err(format!(
                    "record {}: field {} has type {:?}; a field is one of {}",
                    name,
                    key,
                    t,
                    FIELD_TYPES.join(", ")
                ));
            }
            out.push((snake(key), key.clone(), t.to_string()));
        }
        // A user's shape whose crate this build leaves out goes with it (see `generate`).
        if let Some(krate) = &owner {
            if env::var_os(format!("CARGO_FEATURE_{}", krate.to_uppercase())).is_none() {
                continue;
            }
        }
        shapes.push(Shape {
            rust: camel(&name),
            name,
            fields: out,
            owner,
        });
    }
    Ok(shapes)
}

/// A type word as the families' macros take it: itself, or for `records<shape>` the word
/// `records` and the shape's Rust type, space-separated.
fn type_word(t: &str, shapes: &[Shape]) -> Result<String, String> {
    if let Some(inner) = t.strip_prefix("records<").and_then(|r| r.strip_suffix('>')) {
        return match shapes.iter().find(|s| s.name == inner) {
            Some(s) => Ok(format!("records {}", s.rust)),
            None => Err(format!("type word {:?} names no declared record shape", t)),
        };
    }
    ident(t, "type word")
}

/// The Rust of every record shape: the structs (`kernels::records`), each one's JSON codec, and
/// `for_each_record!` for the families that convert records field by field.
fn records_source(shapes: &[Shape]) -> String {
    fn rust_type(t: &str) -> &str {
        match t {
            "str" => "String",
            other => other,
        }
    }
    let mut structs = String::new();
    let mut lines = String::new();
    for s in shapes {
        let fields: Vec<String> = s
            .fields
            .iter()
            .map(|(f, _, t)| format!("        pub {}: {},", f, rust_type(t)))
            .collect();
        let reads: Vec<String> = s
            .fields
            .iter()
            .map(|(f, k, t)| format!("                {:?} => self.{} = r.{}()?,", k, f, t))
            .collect();
        let writes: Vec<String> = s
            .fields
            .iter()
            .enumerate()
            .map(|(i, (f, k, t))| {
                format!(
                    "            out.push_str({:?});\n            super::json::write_{}(out, {}self.{});",
                    format!("{}\"{}\":", if i == 0 { "{" } else { "," }, k),
                    t,
                    if *t == "str" { "&" } else { "" },
                    f
                )
            })
            .collect();
        let definition = match &s.owner {
            Some(krate) => format!(
                "
    /// A `{name}` record, defined by the crate of the user's workload that declares it.
    pub use ::{krate}::{rust};
",
                name = s.name,
                krate = krate,
                rust = s.rust
            ),
            None => format!(
                "
    /// A `{name}` record (contract/workloads.json `records`).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct {rust} {{
{fields}
    }}
",
                name = s.name,
                rust = s.rust,
                fields = fields.join("\n")
            ),
        };
        write!(
            structs,
            "{definition}
    impl super::json::Record for {rust} {{
        fn field(&mut self, key: &str, r: &mut super::json::Reader<'_>) -> Option<()> {{
            match key {{
{reads}
                _ => return None,
            }}
            Some(())
        }}

        fn write(&self, out: &mut String) {{
{writes}
            out.push('}}');
        }}
    }}
",
            definition = definition,
            rust = s.rust,
            reads = reads.join("\n"),
            writes = writes.join("\n")
        )
        .ok();
        let spec: Vec<String> = s
            .fields
            .iter()
            .map(|(f, k, t)| format!("{} {:?} {}", f, k, t))
            .collect();
        writeln!(
            lines,
            "            {} {:?} {{ {} }};",
            s.rust,
            s.name,
            spec.join(", ")
        )
        .ok();
    }
    format!(
        "
/// The record shapes of contract/workloads.json `records`, as Rust structs (fields in
/// snake_case), each with its JSON codec (`json::Record`).
#[allow(dead_code)]
pub mod records {{{structs}}}

/// Calls the macro `$family` with every record shape, one per line:
/// `Rust \"name\" {{ field \"jsKey\" type, … }};` (types: i32, u32, f64, str, bool).
#[macro_export]
macro_rules! for_each_record {{
    ($family:ident) => {{
        $family! {{
{lines}        }}
    }};
}}
",
        structs = structs,
        lines = lines
    )
}

/// The macros, as Rust source.
fn generate(text: &str) -> Result<String, String> {
    let root = parse(text)?;
    let list = match root.get("workloads") {
        Some(Json::Arr(items)) => items,
        _ => return Err("no \"workloads\" array".into()),
    };
    let shapes = record_shapes(&root)?;
    let records = records_source(&shapes);
    let mut items = String::new();
    let mut aliases = String::new();
    let mut uses = String::new();
    let mut seen = BTreeSet::new();
    for w in list {
        let id = ident(
            w.get("id")
                .and_then(Json::str)
                .ok_or("a workload has no \"id\"")?,
            "id",
        )?;
        if !seen.insert(id.clone()) {
            return Err(format!("workload {} is declared twice", id));
        }
        // A user's own workload (`compare --workloads-dir`): its kernel is the crate the
        // orchestrator's build tree names here, re-exported so every binding calls it as
        // `kernels::<id>`. The tree makes each such crate an optional dependency, on by default:
        // a build that leaves one out (a toolchain that cannot compile it) leaves out the
        // workload too, and cargo says which are in through `CARGO_FEATURE_<CRATE>`.
        if let Some(krate) = w.get("crate").and_then(Json::str) {
            let krate = ident(krate, "crate")?;
            if env::var_os(format!("CARGO_FEATURE_{}", krate.to_uppercase())).is_none() {
                continue;
            }
            writeln!(uses, "pub use ::{}::{};", krate, id).ok();
        }
        if let Some(kernel) = w.get("kernel").and_then(Json::str) {
            let kernel = ident(kernel, "kernel")?;
            writeln!(aliases, "            {} {:?} => {};", id, id, kernel).ok();
            continue;
        }
        // A JS loop over another workload's export: nothing of its own to wrap.
        if w.get("via").is_some() {
            continue;
        }
        let words = |v: Option<&Json>| -> Result<Vec<String>, String> {
            match v {
                Some(Json::Arr(a)) => a
                    .iter()
                    .map(|t| {
                        t.str()
                            .ok_or_else(|| format!("workload {}: a type word is not a string", id))
                    })
                    .map(|t| t.and_then(|t| type_word(t, &shapes)))
                    .collect(),
                _ => Err(format!("workload {}: no \"args\" array", id)),
            }
        };
        let args = words(w.get("args"))?;
        let ret = type_word(
            w.get("ret")
                .and_then(Json::str)
                .ok_or_else(|| format!("workload {}: no \"ret\"", id))?,
            &shapes,
        )?;
        let is_async = matches!(w.get("async"), Some(Json::Bool(true)));
        let callbacks = args.iter().filter(|a| *a == "callback").count();
        // How a binding calls the kernel: `task` off the JS thread (`async: true`), `fallible`
        // when a callback may fail (the kernel returns a Result), `thread` for both at once (a
        // Rust thread the wrapper starts runs the kernel and calls JS back through the
        // mechanism's threadsafe-callback API), else `plain`.
        let mode = match (is_async, callbacks > 0) {
            (true, true) => {
                check_thread(&id, &args, &ret)?;
                "thread"
            }
            (true, false) => "task",
            (false, true) => "fallible",
            (false, false) => "plain",
        };
        // Where its kernel lives: the crate-free kernels, or rustlib/src/digest.rs for a kernel
        // that needs a crate (absent from every wasm build). A `thread` workload's kernel needs
        // none (only its wrapper needs threads), so it stays with the kernels even when its
        // export is `nativeOnly`.
        let home = if w.get("nativeOnly").is_some() && mode != "thread" {
            "native"
        } else {
            "kernels"
        };
        // A `records<shape>` word reaches a family as `records`, the shape's Rust type in the
        // last identifier slot (an argument's fourth, the result's only one).
        let params: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, t)| match t.split_once(' ') {
                Some((word, shape)) => {
                    format!("{w} [a{i} a{i}_1 a{i}_2 {s}]", w = word, s = shape, i = i)
                }
                None => format!("{t} [a{i} a{i}_1 a{i}_2 a{i}_3]", t = t, i = i),
            })
            .collect();
        let (ret, out) = match ret.split_once(' ') {
            Some((word, shape)) => (word.to_string(), shape.to_string()),
            None => (ret.clone(), "out".to_string()),
        };
        writeln!(
            items,
            "            {id} {id:?} \"bt_{id}\" {home} {mode} ({params}) -> {ret} [{out}];",
            id = id,
            home = home,
            mode = mode,
            params = params.join(", "),
            ret = ret,
            out = out
        )
        .ok();
    }
    Ok(format!(
        "// Generated by kernels/build.rs from contract/workloads.json: do not edit.
{uses}
{records}

/// Calls the macro `$family` once with every declared workload that has an export of its
/// own (no `kernel` or `via`), in declaration order, one per line:
///
/// `id \"id\" \"bt_id\" home mode (type [a0 a0_1 a0_2 a0_3], …) -> ret [out];`
///
/// - `home`: `kernels` (the kernels crate) or `native` (rustlib/src/digest.rs: a `nativeOnly`
///   kernel, unless its mode is `thread`);
/// - `mode`: `plain`, `fallible` (takes a callback; the kernel returns a `Result`), `task`
///   (`async: true`, run off the JS thread) or `thread` (`async: true` with a callback: a Rust
///   thread runs the kernel, which returns a `Result`, and calls JS back through the
///   mechanism's threadsafe-callback API; JS gets a Promise);
/// - each argument: its type word (contract/types.ts) and four identifiers a family may use
///   for it and the parts its lowering needs (C: pointer, length, …); `out` likewise for the
///   result.
#[macro_export]
macro_rules! for_each_workload {{
    ($family:ident) => {{
        $family! {{
{items}        }}
    }};
}}

/// Calls the macro `$family` with every workload that calls another's export (`kernel`):
/// `id \"id\" => kernel;`.
#[macro_export]
macro_rules! for_each_alias {{
    ($family:ident) => {{
        $family! {{
{aliases}        }}
    }};
}}
",
        items = items,
        aliases = aliases,
        uses = uses,
        records = records
    ))
}
