//! Reading CMap and ToUnicode streams into [`CMap`]: codespace, cid and bf sections,
//! /CMapName, /WMode and usecmap. Junk between and inside sections is skipped.

use std::sync::Arc;

use super::range_map::RangeMapBuilder;
use super::{CMap, CMapError, CodeSpace, Dest, NotDef};
use crate::pdf::encoding::glyph_name_to_unicode;
use crate::pdf::lexer::{Lexer, Syntax, Token};

/// Destination strings longer than this (bytes) are cut: no real ligature is this long.
const MAX_DEST_BYTES: usize = 512;

/// An operand of a CMap section: a token or a `[ … ]` array of tokens.
enum Operand<'a> {
    Token(Token<'a>),
    Array(Vec<Token<'a>>),
}

/// The kinds of `begin…`/`end…` sections.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    CodeSpace,
    BfChar,
    BfRange,
    CidChar,
    CidRange,
    NotDefRange,
}

impl Section {
    fn from_begin(word: &[u8]) -> Option<Section> {
        Some(match word {
            b"begincodespacerange" => Section::CodeSpace,
            b"beginbfchar" => Section::BfChar,
            b"beginbfrange" => Section::BfRange,
            b"begincidchar" => Section::CidChar,
            b"begincidrange" => Section::CidRange,
            b"beginnotdefrange" => Section::NotDefRange,
            _ => return None,
        })
    }

    /// Operands that make one entry.
    fn arity(self) -> usize {
        match self {
            Section::CodeSpace | Section::BfChar | Section::CidChar => 2,
            Section::BfRange | Section::CidRange | Section::NotDefRange => 3,
        }
    }
}

/// Collects everything a CMap stream defines.
#[derive(Default)]
struct Builder {
    cmap: CMap,
    cids: RangeMapBuilder<u32>,
    notdefs: RangeMapBuilder<NotDef>,
    dests: RangeMapBuilder<Dest>,
    own_codespace: Vec<CodeSpace>,
    wmode: Option<bool>,
    first_source_len: Option<usize>,
    /// True once anything CMap-like was seen (a section, a def, usecmap).
    recognised: bool,
}

/// Parses `data`; `parent` (from /UseCMap) is the base that this CMap overrides.
pub(crate) fn parse(data: &[u8], parent: Option<Arc<CMap>>) -> Result<CMap, CMapError> {
    let mut builder = Builder::default();
    builder.cmap.parent = parent;
    let mut lexer = Lexer::with_syntax(data, Syntax::PostScript);
    let mut recent: [Option<Token>; 2] = [None, None];
    while let Some(token) = lexer.next_token() {
        if let Token::Keyword(word) = token {
            if let Some(section) = Section::from_begin(word) {
                builder.recognised = true;
                read_section(&mut lexer, section, &mut builder);
                recent = [None, None];
                continue;
            }
            builder.keyword(word, &recent);
        }
        recent = [recent[1].take(), Some(token)];
    }
    builder.finish()
}

impl Builder {
    /// Handles `/Key value def` and `/Name usecmap`.
    fn keyword(&mut self, word: &[u8], recent: &[Option<Token>; 2]) {
        match (word, recent) {
            (b"def", [Some(Token::Name(key)), Some(value)]) => self.definition(key, value),
            (b"usecmap", [_, Some(Token::Name(name))]) => {
                self.recognised = true;
                if self.cmap.parent.is_none() {
                    self.cmap.parent = CMap::predefined(&String::from_utf8_lossy(name));
                }
            }
            _ => {}
        }
    }

    fn definition(&mut self, key: &[u8], value: &Token) {
        match (key, value) {
            (b"CMapName", Token::Name(name)) => {
                self.recognised = true;
                self.cmap.name = String::from_utf8_lossy(name).into_owned();
            }
            (b"WMode", Token::Number(mode)) => {
                self.recognised = true;
                self.wmode = Some(*mode == 1.0);
            }
            _ => {}
        }
    }

    fn entry(&mut self, section: Section, operands: &[Operand]) {
        let [Operand::Token(Token::Hex(lo_bytes)), rest @ ..] = operands else {
            return;
        };
        let Some(lo) = code_of(lo_bytes) else {
            return;
        };
        self.first_source_len.get_or_insert(lo_bytes.len());
        match (section, rest) {
            (Section::CodeSpace, [Operand::Token(Token::Hex(hi))]) => {
                self.codespace(lo_bytes.len(), lo, hi);
            }
            (Section::CidChar, [Operand::Token(Token::Number(cid))]) => {
                if let Some(cid) = cid_of(*cid) {
                    self.cids.insert(lo, lo, cid);
                }
            }
            (
                Section::CidRange | Section::NotDefRange,
                [Operand::Token(Token::Hex(hi)), Operand::Token(Token::Number(cid))],
            ) => {
                let (Some(hi), Some(cid)) = (code_of(hi), cid_of(*cid)) else {
                    return;
                };
                if section == Section::CidRange {
                    self.cids.insert(lo, hi, cid);
                } else {
                    self.notdefs.insert(lo, hi, NotDef(cid));
                }
            }
            (Section::BfChar, [Operand::Token(dest)]) => {
                if let Some(dest) = dest_of(dest) {
                    self.dests.insert(lo, lo, dest);
                }
            }
            (Section::BfRange, [Operand::Token(Token::Hex(hi)), dest]) => {
                if let Some(hi) = code_of(hi) {
                    self.bf_range(lo, hi, dest);
                }
            }
            _ => {}
        }
    }

    fn codespace(&mut self, len: usize, lo: u32, hi_bytes: &[u8]) {
        let Some(hi) = code_of(hi_bytes) else {
            return;
        };
        if self.own_codespace.len() < super::MAX_CODESPACE_RANGES && lo <= hi {
            let len = len.max(hi_bytes.len()) as u8;
            self.own_codespace.push(CodeSpace { len, lo, hi });
        }
    }

    fn bf_range(&mut self, lo: u32, hi: u32, dest: &Operand) {
        match dest {
            Operand::Token(Token::Hex(bytes)) => {
                let utf16be = bytes[..bytes.len().min(MAX_DEST_BYTES)].into();
                self.dests.insert(lo, hi, Dest::Run { utf16be, offset: 0 });
            }
            Operand::Array(items) => {
                let mut code = lo;
                for item in items {
                    if code > hi {
                        break;
                    }
                    if let Some(dest) = dest_of(item) {
                        self.dests.insert(code, code, dest);
                    }
                    let Some(next) = code.checked_add(1) else {
                        break;
                    };
                    code = next;
                }
            }
            Operand::Token(other) => {
                if let Some(dest) = dest_of(other) {
                    self.dests.insert(lo, lo, dest);
                }
            }
        }
    }

    fn finish(self) -> Result<CMap, CMapError> {
        if !self.recognised {
            return Err(CMapError("no CMap sections or definitions found".into()));
        }
        let mut cmap = self.cmap;
        cmap.cids = self.cids.build();
        cmap.notdefs = self.notdefs.build();
        cmap.dests = self.dests.build();
        let parent = cmap.parent.clone();
        let mut codespace = parent
            .as_ref()
            .map(|p| p.codespace.clone())
            .unwrap_or_default();
        codespace.extend(self.own_codespace);
        codespace.truncate(super::MAX_CODESPACE_RANGES);
        cmap.codespace = codespace;
        cmap.vertical = self
            .wmode
            .or(parent.as_ref().map(|p| p.vertical))
            .unwrap_or(false);
        cmap.default_len = self.first_source_len.unwrap_or(2).clamp(1, 4) as u8;
        Ok(cmap)
    }
}

/// Reads one section up to its `end…` keyword, entry by entry; stray tokens are dropped.
fn read_section(lexer: &mut Lexer<'_>, mut section: Section, builder: &mut Builder) {
    let mut operands: Vec<Operand> = Vec::with_capacity(3);
    while let Some(token) = lexer.next_token() {
        let operand = match token {
            Token::Keyword(word) if word.starts_with(b"end") => return,
            // A missing `end…`: the next section starts here.
            Token::Keyword(word) if Section::from_begin(word).is_some() => {
                section = Section::from_begin(word).unwrap_or(section);
                operands.clear();
                continue;
            }
            Token::Keyword(_)
            | Token::Other
            | Token::ArrayEnd
            | Token::DictStart
            | Token::DictEnd => {
                operands.clear();
                continue;
            }
            Token::ArrayStart => Operand::Array(read_array(lexer)),
            other => Operand::Token(other),
        };
        // A section entry always starts with a hex code.
        if operands.is_empty() && !matches!(operand, Operand::Token(Token::Hex(_))) {
            continue;
        }
        operands.push(operand);
        if operands.len() == section.arity() {
            builder.entry(section, &operands);
            operands.clear();
        }
    }
}

fn read_array<'a>(lexer: &mut Lexer<'a>) -> Vec<Token<'a>> {
    let mut items = Vec::new();
    while let Some(token) = lexer.next_token() {
        match token {
            Token::ArrayEnd => break,
            Token::Keyword(word) if word.starts_with(b"end") => break,
            Token::Hex(_) | Token::Name(_) | Token::Literal(_) => items.push(token),
            _ => {}
        }
    }
    items
}

/// A source code: 1 to 4 bytes, big-endian.
fn code_of(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |code, &b| code << 8 | u32::from(b)))
}

/// A CID operand: an integer (the only numbers [`Syntax::PostScript`] reads) that fits u32.
fn cid_of(value: f64) -> Option<u32> {
    u32::try_from(value as i64).ok()
}

/// A bfchar/bfrange destination: UTF-16BE hex, a glyph name, or a literal string.
fn dest_of(token: &Token) -> Option<Dest> {
    match token {
        Token::Hex(bytes) => Some(text_dest(bytes)),
        Token::Literal(bytes) => Some(text_dest(bytes)),
        Token::Name(name) => glyph_name_to_unicode(&String::from_utf8_lossy(name))
            .map(|text| Dest::Text(text.into())),
        _ => None,
    }
}

/// A UTF-16BE destination, cut to [`MAX_DEST_BYTES`].
fn text_dest(bytes: &[u8]) -> Dest {
    Dest::Text(super::decode_utf16be(&bytes[..bytes.len().min(MAX_DEST_BYTES)]).into())
}
