//! Flate decoding that tells a corrupt stream from a good one: lopdf's decoder logs a zlib
//! error and returns whatever came out, so a page whose content is garbage would silently
//! look empty.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};

/// What inflating a stream gave.
#[derive(Debug, PartialEq)]
pub enum Inflated {
    /// The whole stream.
    Whole(Vec<u8>),
    /// The stream broke part-way.
    Broken {
        /// The bytes before the break (possibly none).
        data: Vec<u8>,
        /// Why it broke.
        error: String,
    },
    /// More than the limit would come out.
    TooLarge,
}

/// Inflates zlib data (raw deflate when the zlib header is damaged), at most `limit` bytes.
pub fn inflate(input: &[u8], limit: usize) -> Inflated {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut data = Vec::with_capacity(input.len().saturating_mul(4).min(limit));
    let error = match ZlibDecoder::new(input).take(cap).read_to_end(&mut data) {
        Ok(_) => None,
        Err(e) if data.is_empty() && input.len() > 2 => {
            // Some writers emit a bad zlib header (or checksum) around good deflate data.
            data.clear();
            DeflateDecoder::new(&input[2..])
                .take(cap)
                .read_to_end(&mut data)
                .err()
                .map(|_| e.to_string())
        }
        Err(e) => Some(e.to_string()),
    };
    if data.len() > limit {
        return Inflated::TooLarge;
    }
    match error {
        None => Inflated::Whole(data),
        Some(error) => Inflated::Broken { data, error },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap_or_else(|e| panic!("{e}"));
        e.finish().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn good_data_comes_out_whole() {
        let text = b"BT /F1 12 Tf (hello) Tj ET".repeat(50);
        assert_eq!(inflate(&zlib(&text), 1 << 20), Inflated::Whole(text));
    }

    #[test]
    fn garbage_is_broken_with_nothing_out() {
        match inflate(b"this is not zlib data at all", 1 << 20) {
            Inflated::Broken { data, error } => assert!(data.is_empty() && !error.is_empty()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_truncated_stream_keeps_what_came_before_the_cut() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| i.to_string().into_bytes())
            .collect();
        let packed = zlib(&text);
        match inflate(&packed[..packed.len() / 2], 1 << 20) {
            Inflated::Broken { data, .. } => {
                assert!(!data.is_empty() && text.starts_with(&data));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_zlib_header_falls_back_to_raw_deflate() {
        let text = b"q 1 0 0 1 0 0 cm Q".repeat(20);
        let mut packed = zlib(&text);
        packed[0] = 0;
        packed[1] = 0;
        assert!(
            matches!(inflate(&packed, 1 << 20), Inflated::Broken { data, .. } | Inflated::Whole(data) if data == text)
        );
    }

    #[test]
    fn output_beyond_the_limit_is_too_large() {
        assert_eq!(inflate(&zlib(&[0u8; 10_000]), 1000), Inflated::TooLarge);
    }
}
