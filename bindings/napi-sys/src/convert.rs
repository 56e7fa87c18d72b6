//! JS values to Rust and back, one Node-API call per scalar, the way a C
//! addon author writes it: no type check beyond what the `napi_get_value_*`
//! call itself does, typed arrays borrowed in place, strings copied out once.
//! Records are read and written property by property (`records!`, below):
//! `napi_get_named_property` and a value getter per declared field, and
//! `napi_create_object` and `napi_set_named_property` per field for a result.

use crate::{check, expect_type, Fail};
use napi_sys::{napi_env, napi_value, TypedarrayType, ValueType};
use std::ffi::c_void;
use std::ptr::null_mut;

/// A JS argument converted to `Self`.
pub trait FromJs: Sized {
    /// # Safety
    ///
    /// `value` must be a live value of `env` (or null, which Node-API refuses
    /// with `napi_invalid_arg`). A borrowed result must not outlive the call
    /// whose argument `value` is.
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail>;
}

/// A Rust result converted to a JS value.
pub trait ToJs {
    /// # Safety
    ///
    /// `env` must be the live env of the current call.
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail>;
}

macro_rules! scalar {
    ($ty:ty, $get:ident, $create:ident) => {
        impl FromJs for $ty {
            unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
                let mut out = <$ty>::default();
                // SAFETY: forwarded contract; `out` is a local.
                check(unsafe { napi_sys::$get(env, value, &mut out) })?;
                Ok(out)
            }
        }

        impl ToJs for $ty {
            unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
                let mut out = null_mut();
                // SAFETY: forwarded contract; `out` is a local.
                check(unsafe { napi_sys::$create(env, self, &mut out) })?;
                Ok(out)
            }
        }
    };
}

scalar!(i32, napi_get_value_int32, napi_create_int32);
scalar!(u32, napi_get_value_uint32, napi_create_uint32);
scalar!(f64, napi_get_value_double, napi_create_double);
scalar!(bool, napi_get_value_bool, napi_get_boolean);

/// i64 is a BigInt on the JS side. A BigInt outside the i64 range gives its
/// low 64 bits (the "lossless" flag is ignored on purpose), like
/// `BigInt.asIntN(64, x)`, matching the wrapping kernel.
impl FromJs for i64 {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        let mut out = 0i64;
        let mut lossless = false;
        // SAFETY: forwarded contract; both out-pointers are locals.
        check(unsafe {
            napi_sys::napi_get_value_bigint_int64(env, value, &mut out, &mut lossless)
        })?;
        Ok(out)
    }
}

impl ToJs for i64 {
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        let mut out = null_mut();
        // SAFETY: forwarded contract; `out` is a local.
        check(unsafe { napi_sys::napi_create_bigint_int64(env, self, &mut out) })?;
        Ok(out)
    }
}

impl ToJs for () {
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        let mut out = null_mut();
        // SAFETY: forwarded contract; `out` is a local.
        check(unsafe { napi_sys::napi_get_undefined(env, &mut out) })?;
        Ok(out)
    }
}

/// A typed array's element type and its `napi_typedarray_type`.
pub trait Element: Copy {
    const TYPE: i32;
}

impl Element for u8 {
    const TYPE: i32 = TypedarrayType::uint8_array;
}
impl Element for i32 {
    const TYPE: i32 = TypedarrayType::int32_array;
}
impl Element for f64 {
    const TYPE: i32 = TypedarrayType::float64_array;
}

/// The element pointer and length of a typed array of `T`s; another value,
/// or a typed array of another type, is an `InvalidArg` `TypeError`.
///
/// # Safety
///
/// As `FromJs::from_js`.
unsafe fn typed_array<T: Element>(
    env: napi_env,
    value: napi_value,
) -> Result<(*mut T, usize), Fail> {
    let mut kind = -1;
    let mut len = 0usize;
    let mut data: *mut c_void = null_mut();
    // SAFETY: forwarded contract; every out-pointer is a local or null (not wanted).
    check(unsafe {
        napi_sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            null_mut(),
            null_mut(),
        )
    })?;
    if kind != T::TYPE {
        return Err(Fail::Type("InvalidArg"));
    }
    // An empty (or detached) array may have no data pointer: no slice may be
    // made from null, so give an empty slice its own dangling, aligned pointer.
    if data.is_null() || len == 0 {
        Ok((std::ptr::NonNull::<T>::dangling().as_ptr(), 0))
    } else {
        Ok((data.cast(), len))
    }
}

/// Borrowed, not copied: `data` already includes the view's byte offset.
impl<T: Element> FromJs for &[T] {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        // SAFETY: forwarded contract.
        let (ptr, len) = unsafe { typed_array::<T>(env, value) }?;
        // SAFETY: Node-API gave `len` elements of `T` at `ptr` (aligned: a typed
        // array's offset is a multiple of its element size), alive while the
        // argument is; JS is blocked during the call, so nothing writes them.
        Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
    }
}

impl<T: Element> FromJs for &mut [T] {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        // SAFETY: forwarded contract.
        let (ptr, len) = unsafe { typed_array::<T>(env, value) }?;
        // SAFETY: as for `&[T]`; the kernel is the only writer while JS is
        // blocked, and no other argument of the same call aliases it (the
        // caller passes separate arrays).
        Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
    }
}

/// A JS string's UTF-8 bytes, copied out the way C does it: one call for the
/// length, one to copy into a buffer of that size. Neither zeroed nor
/// validated (the kernels take bytes): the floor pays only the copy.
pub struct Utf8(pub Vec<u8>);

impl FromJs for Utf8 {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        let mut len = 0usize;
        // SAFETY: forwarded contract; a null buffer asks for the length only.
        check(unsafe {
            napi_sys::napi_get_value_string_utf8(env, value, null_mut(), 0, &mut len)
        })?;
        let mut buf = Vec::<u8>::with_capacity(len + 1);
        let mut written = 0usize;
        // SAFETY: `buf` has room for `len` bytes and the NUL Node-API appends.
        check(unsafe {
            napi_sys::napi_get_value_string_utf8(
                env,
                value,
                buf.as_mut_ptr().cast(),
                buf.capacity(),
                &mut written,
            )
        })?;
        // SAFETY: Node-API initialised the first `written` bytes, fewer than the
        // capacity it was given (it keeps one for the NUL).
        unsafe { buf.set_len(written.min(len)) };
        Ok(Utf8(buf))
    }
}

/// A JS string as an owned `String` (a record's `str` field): copied out as `Utf8` is.
/// Node-API writes UTF-8 (a lone surrogate as U+FFFD); were a runtime to write anything else,
/// its invalid bytes would become U+FFFD here too rather than fail.
impl FromJs for String {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        // SAFETY: forwarded contract.
        let Utf8(bytes) = unsafe { Utf8::from_js(env, value) }?;
        Ok(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }
}

impl ToJs for String {
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        let mut out = null_mut();
        // SAFETY: forwarded contract; the bytes are passed with their length.
        check(unsafe {
            napi_sys::napi_create_string_utf8(
                env,
                self.as_ptr().cast(),
                self.len() as isize,
                &mut out,
            )
        })?;
        Ok(out)
    }
}

/// A JS array, each element converted by `FromJs`.
impl<T: FromJs> FromJs for Vec<T> {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        let mut is_array = false;
        // SAFETY: forwarded contract; `is_array` is a local.
        check(unsafe { napi_sys::napi_is_array(env, value, &mut is_array) })?;
        if !is_array {
            return Err(Fail::Type("ArrayExpected"));
        }
        let mut len = 0u32;
        // SAFETY: `value` is an array of `env`.
        check(unsafe { napi_sys::napi_get_array_length(env, value, &mut len) })?;
        (0..len)
            .map(|i| {
                let mut item = null_mut();
                // SAFETY: `value` is an array of `env`; `item` is a local.
                check(unsafe { napi_sys::napi_get_element(env, value, i, &mut item) })?;
                // SAFETY: `item` was just read from `env`, within the same call.
                unsafe { T::from_js(env, item) }
            })
            .collect()
    }
}

/// A JS array of `items`, each converted by `ToJs`.
///
/// # Safety
///
/// As `ToJs::to_js`.
unsafe fn js_array<T: ToJs>(
    env: napi_env,
    items: impl ExactSizeIterator<Item = T>,
) -> Result<napi_value, Fail> {
    let mut out = null_mut();
    // SAFETY: forwarded contract; `out` is a local.
    check(unsafe { napi_sys::napi_create_array_with_length(env, items.len(), &mut out) })?;
    for (i, item) in (0u32..).zip(items) {
        // SAFETY: forwarded contract; `out` is an array of `env`.
        unsafe { check(napi_sys::napi_set_element(env, out, i, item.to_js(env)?))? };
    }
    Ok(out)
}

/// A new JS array, each item converted by `ToJs` (strings, records).
impl<T: ToJs> ToJs for Vec<T> {
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        // SAFETY: forwarded contract.
        unsafe { js_array(env, self.into_iter()) }
    }
}

/// `[mean, std, sharpe, max_drawdown]` as a JS array of four numbers.
impl ToJs for [f64; 4] {
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        // SAFETY: forwarded contract.
        unsafe { js_array(env, self.into_iter()) }
    }
}

/// Property `key` (NUL-terminated) of `obj`, converted by `FromJs`: a missing property is
/// `undefined`, which the value getter refuses like any other wrong type.
///
/// # Safety
///
/// `obj` must be a live object of `env`, and `key` end in a NUL.
unsafe fn get_field<T: FromJs>(env: napi_env, obj: napi_value, key: &str) -> Result<T, Fail> {
    let mut value = null_mut();
    // SAFETY: forwarded contract; `value` is a local.
    check(unsafe { napi_sys::napi_get_named_property(env, obj, key.as_ptr().cast(), &mut value) })?;
    // SAFETY: `value` was just read from `env`, within the same call.
    unsafe { T::from_js(env, value) }
}

/// Sets property `key` (NUL-terminated) of `obj` to `value`, converted by `ToJs`.
///
/// # Safety
///
/// `env` must be the live env of the current call, `obj` one of its objects, and `key` end in
/// a NUL.
unsafe fn set_field<T: ToJs>(
    env: napi_env,
    obj: napi_value,
    key: &str,
    value: T,
) -> Result<(), Fail> {
    // SAFETY: forwarded contract.
    let value = unsafe { value.to_js(env) }?;
    // SAFETY: forwarded contract; `value` is a live value of `env`.
    check(unsafe { napi_sys::napi_set_named_property(env, obj, key.as_ptr().cast(), value) })
}

/// Every record shape (`for_each_record!`) as a plain JS object, field by field in declared
/// order: `FromJs` (an element of a records argument, read by `Vec<T>`'s `FromJs`) checks it is
/// an object (`ObjectExpected`: Node-API would otherwise box a primitive, or throw its own error
/// for null) and reads each field by name; `ToJs` makes a new object and sets each field. The
/// field types need no rule of their own: each is its Rust type's `FromJs`/`ToJs` (`u32`, `i32`,
/// `f64`, `bool`, `String`); none is written per shape.
macro_rules! records {
    ($($rust:ident $name:literal { $($field:ident $key:literal $ty:ident),* $(,)? };)*) => {
        $(
            impl FromJs for kernels::records::$rust {
                unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
                    // SAFETY: forwarded contract.
                    unsafe { expect_type(env, value, ValueType::napi_object, "ObjectExpected") }?;
                    Ok(Self {
                        // SAFETY: `value` is a live object of `env`; each key ends in a NUL.
                        $($field: unsafe { get_field(env, value, concat!($key, "\0")) }?,)*
                    })
                }
            }

            impl ToJs for kernels::records::$rust {
                unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
                    let mut obj = null_mut();
                    // SAFETY: forwarded contract; `obj` is a local.
                    check(unsafe { napi_sys::napi_create_object(env, &mut obj) })?;
                    $(
                        // SAFETY: `obj` was just made in `env`; the key ends in a NUL.
                        unsafe { set_field(env, obj, concat!($key, "\0"), self.$field) }?;
                    )*
                    Ok(obj)
                }
            }
        )*
    };
}

for_each_record!(records);

/// A JS function `(i32) => i32`, called on the JS thread during the call.
pub struct Callback {
    env: napi_env,
    f: napi_value,
    this: napi_value,
}

impl FromJs for Callback {
    unsafe fn from_js(env: napi_env, value: napi_value) -> Result<Self, Fail> {
        // SAFETY: forwarded contract.
        unsafe { expect_type(env, value, ValueType::napi_function, "FunctionExpected") }?;
        let mut this = null_mut();
        // SAFETY: `this` is a local.
        check(unsafe { napi_sys::napi_get_undefined(env, &mut this) })?;
        Ok(Callback {
            env,
            f: value,
            this,
        })
    }
}

impl Callback {
    /// The JS function itself, live during the call whose argument it is.
    pub fn value(&self) -> napi_value {
        self.f
    }

    /// Calls the function with `i`; an exception it throws is left pending
    /// and stops the caller (`Fail::Thrown`).
    pub fn call(&self, i: i32) -> Result<i32, Fail> {
        // SAFETY: `self` was made from an argument of the call still running
        // (a `Callback` never outlives its wrapper), on the JS thread.
        unsafe {
            let arg = i.to_js(self.env)?;
            let mut out = null_mut();
            check(napi_sys::napi_call_function(
                self.env, self.this, self.f, 1, &arg, &mut out,
            ))?;
            i32::from_js(self.env, out)
        }
    }
}
