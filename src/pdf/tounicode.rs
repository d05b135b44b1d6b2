//! A minimal ToUnicode reader (bfchar, bfrange with start value or array, UTF-16BE with
//! surrogate pairs and multi-character values): the fallback used only when
//! [`super::cmap::CMap::parse`] rejects a ToUnicode stream.

use std::collections::HashMap;

use super::lexer::{Lexer, Operand};

/// Largest bfrange expanded; bigger ranges are hostile or broken.
const MAX_RANGE: u32 = 0x1_0000;
/// Most mappings kept from one stream.
const MAX_ENTRIES: usize = 1 << 20;

/// Code (with its byte length) to Unicode text.
#[derive(Debug, Default, Clone)]
pub struct SimpleToUnicode {
    map: HashMap<(u32, u8), String>,
}

fn code_of(bytes: &[u8]) -> Option<(u32, u8)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let code = bytes.iter().fold(0u32, |c, &b| c << 8 | u32::from(b));
    Some((code, bytes.len() as u8))
}

fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(c.get(1).copied().unwrap_or(0)))
        .collect();
    String::from_utf16_lossy(&units)
}

/// `bytes` with its last byte(s) incremented by `k` (for bfrange destinations).
fn offset_destination(bytes: &[u8], k: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let n = out.len();
    if n >= 2 {
        let last = u32::from(out[n - 2]) << 8 | u32::from(out[n - 1]);
        let v = last.wrapping_add(k);
        out[n - 2] = (v >> 8) as u8;
        out[n - 1] = v as u8;
    } else if n == 1 {
        out[0] = out[0].wrapping_add(k as u8);
    }
    out
}

impl SimpleToUnicode {
    /// Reads the bfchar and bfrange sections of a ToUnicode stream.
    pub fn parse(data: &[u8]) -> SimpleToUnicode {
        let mut map = HashMap::new();
        let mut lexer = Lexer::new(data);
        let mut operands = Vec::new();
        let mut section: Option<&[u8]> = None;
        let mut pending: Vec<Operand> = Vec::new();
        while let Some(op) = lexer.next_operation(&mut operands) {
            match op {
                b"beginbfchar" | b"beginbfrange" => {
                    section = Some(op);
                    pending.clear();
                }
                b"endbfchar" => {
                    pending.append(&mut operands);
                    for pair in pending.chunks(2) {
                        if let [Operand::String(src), Operand::String(dst)] = pair {
                            if let Some(key) = code_of(src) {
                                map.insert(key, utf16be(dst));
                            }
                        }
                    }
                    section = None;
                }
                b"endbfrange" => {
                    pending.append(&mut operands);
                    for triple in pending.chunks(3) {
                        add_range(&mut map, triple);
                    }
                    section = None;
                }
                _ if section.is_some() => pending.append(&mut operands),
                _ => {}
            }
            if map.len() > MAX_ENTRIES {
                break;
            }
        }
        SimpleToUnicode { map }
    }

    /// The text of a code, or None.
    pub fn unicode(&self, code: u32, len: usize) -> Option<String> {
        self.map.get(&(code, len as u8)).cloned()
    }

    /// Whether nothing was read.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

fn add_range(map: &mut HashMap<(u32, u8), String>, triple: &[Operand]) {
    let [Operand::String(lo), Operand::String(hi), dst] = triple else {
        return;
    };
    let (Some((lo_code, len)), Some((hi_code, _))) = (code_of(lo), code_of(hi)) else {
        return;
    };
    if hi_code < lo_code || hi_code - lo_code > MAX_RANGE {
        return;
    }
    for (k, code) in (lo_code..=hi_code).enumerate() {
        let text = match dst {
            Operand::String(start) => utf16be(&offset_destination(start, k as u32)),
            Operand::Array(items) => match items.get(k) {
                Some(Operand::String(s)) => utf16be(s),
                _ => continue,
            },
            _ => return,
        };
        map.insert((code, len), text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chars_ranges_arrays_and_surrogates() {
        let data = b"2 beginbfchar <0003> <0041> <0004> <D842DFB7> endbfchar
            2 beginbfrange <0010> <0012> <3042> <20> <21> [<0066006C> <0031>] endbfrange";
        let m = SimpleToUnicode::parse(data);
        assert_eq!(m.unicode(3, 2).as_deref(), Some("A"));
        assert_eq!(m.unicode(4, 2).as_deref(), Some("𠮷"));
        assert_eq!(m.unicode(0x12, 2).as_deref(), Some("い"));
        assert_eq!(m.unicode(0x20, 1).as_deref(), Some("fl"));
        assert_eq!(m.unicode(0x21, 1).as_deref(), Some("1"));
        assert_eq!(m.unicode(0x13, 2), None);
    }
}
