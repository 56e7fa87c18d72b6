//! The kernel of `base64_encode`: the base64 crate's standard engine (RFC 4648 alphabet, with
//! padding), the way a Rust library would call it. Every binding is generated around it from
//! workload.json (`bytes` arrives as `&[u8]`; a `str` result is returned as a `String`).

use base64::Engine;

/// `data` in standard, padded base64.
pub fn base64_encode(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc4648_vectors() {
        let cases: [(&[u8], &str); 4] = [(b"", ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foobar", "Zm9vYmFy")];
        for (input, expected) in cases {
            assert_eq!(super::base64_encode(input), expected);
        }
    }
}
