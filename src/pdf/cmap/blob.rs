//! Reading the generated binary tables of `src/pdf/data/` (format: see generate.py).

use std::io::Read;

/// Inflates a zlib blob; an empty vector if it is damaged (tests catch that).
pub(crate) fn inflate(compressed: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::ZlibDecoder::new(compressed);
    if decoder.read_to_end(&mut out).is_err() {
        out.clear();
    }
    out
}

/// A cursor over varint-encoded data; every read returns None past the end.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    /// Consumes `magic` or fails.
    pub(crate) fn expect(&mut self, magic: &[u8]) -> Option<()> {
        let bytes = self.bytes(magic.len())?;
        (bytes == magic).then_some(())
    }

    /// Current offset.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// One byte.
    pub(crate) fn byte(&mut self) -> Option<u8> {
        let byte = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(byte)
    }

    fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        let bytes = self.data.get(self.pos..self.pos.checked_add(len)?)?;
        self.pos += len;
        Some(bytes)
    }

    /// An unsigned LEB128 varint that fits in u32.
    pub(crate) fn uv(&mut self) -> Option<u32> {
        let mut value = 0u64;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return u32::try_from(value).ok();
            }
        }
        None
    }

    /// A zigzag-encoded signed varint.
    pub(crate) fn sv(&mut self) -> Option<i64> {
        let raw = i64::from(self.uv()?);
        Some(if raw & 1 == 0 {
            raw >> 1
        } else {
            -(raw >> 1) - 1
        })
    }

    /// A length-prefixed UTF-8 string.
    pub(crate) fn text(&mut self) -> Option<&'a str> {
        let len = self.uv()? as usize;
        std::str::from_utf8(self.bytes(len)?).ok()
    }

    /// A run list: (first code, last code, value at first code), sorted.
    pub(crate) fn runs(&mut self) -> Option<Vec<(u32, u32, u32)>> {
        let count = self.uv()? as usize;
        let mut runs = Vec::with_capacity(count.min(1 << 16));
        let (mut next_code, mut next_value) = (0u32, 0i64);
        for _ in 0..count {
            let lo = next_code.checked_add(self.uv()?)?;
            let hi = lo.checked_add(self.uv()?)?;
            let value = next_value + self.sv()?;
            let value = u32::try_from(value).ok()?;
            runs.push((lo, hi, value));
            next_code = hi.wrapping_add(1);
            next_value = i64::from(value) + i64::from(hi - lo) + 1;
        }
        Some(runs)
    }
}
