//! The one tokenizer of stage 1, for content streams and for CMap / ToUnicode streams: both
//! are PostScript-like token grammars (numbers, names, `(…)` and `<…>` strings, arrays,
//! dictionaries, operators). Content streams are read operation by operation
//! ([`Lexer::next_operation`]: operands, then their operator); CMaps token by token
//! ([`Lexer::next_token`]), because their sections are read entry by entry and must survive
//! junk between entries. The two grammars differ in the few places [`Syntax`] names.
//!
//! Hand-written rather than lopdf's parser so that one bad token never loses the page (the
//! tokenizer skips it), strings borrow from the stream when they can (no per-operator
//! allocation), inline images are skipped safely and nesting depth is bounded.

use std::borrow::Cow;

/// Deepest array/dictionary nesting kept; deeper content is skipped.
const MAX_NESTING: usize = 32;
/// Operands kept before an operator; beyond this the oldest are dropped (garbage input).
const MAX_OPERANDS: usize = 4096;

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    /// Integer or real number.
    Number(f64),
    /// A name without its slash, `#xx` escapes decoded.
    Name(Cow<'a, [u8]>),
    /// A literal or hex string, decoded.
    String(Cow<'a, [u8]>),
    /// An array of operands.
    Array(Vec<Operand<'a>>),
    /// A dictionary (only its presence matters to the interpreter).
    Dict,
    /// `true`, `false`, `null` and anything unusable.
    Other,
}

impl Operand<'_> {
    /// The number, if this is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Where the grammars of content streams and CMaps differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// PDF content streams: numbers are read leniently (`--3`, `4.`; `12abc` is 12, then
    /// `abc`), names decode `#xx` escapes, an end of line inside a literal string is a line
    /// feed whatever its form (ISO 32000 7.3.4.2).
    Content,
    /// CMap files (Adobe TN 5014, PostScript): a number is a whole regular run that reads as
    /// an integer (anything else, reals included, is a keyword, so `1.5` or `12abc` never pass
    /// for a code or CID), `#` is an ordinary name character, and literal strings keep their
    /// bytes: a bfchar destination written as `(0\r)` is UTF-16BE U+300D `」`, not a line end.
    PostScript,
}

/// Tokenizer over one (concatenated) content stream or one CMap stream.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    syntax: Syntax,
}

/// One token as written, before content-stream operands are assembled from it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    /// A number (under [`Syntax::PostScript`] always an integer).
    Number(f64),
    /// `/Name` without its slash.
    Name(Cow<'a, [u8]>),
    /// `(…)`, decoded.
    Literal(Cow<'a, [u8]>),
    /// `<…>`, decoded.
    Hex(Vec<u8>),
    /// Any other bare word: an operator, `def`, `begincidrange`, `true`, …
    Keyword(&'a [u8]),
    /// `[`.
    ArrayStart,
    /// `]`.
    ArrayEnd,
    /// `<<`.
    DictStart,
    /// `>>` (or a lone `>`).
    DictEnd,
    /// `{`, `}` or a stray `)`.
    Other,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A token of a content stream: an operand (arrays assembled, dictionaries skipped), an
/// operator, or a stray closer.
enum Item<'a> {
    Operand(Operand<'a>),
    Keyword(&'a [u8]),
    ArrayEnd,
    DictEnd,
}

impl<'a> Lexer<'a> {
    /// A tokenizer over the content stream `data`.
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer::with_syntax(data, Syntax::Content)
    }

    /// A tokenizer over `data` read with `syntax`.
    pub(crate) fn with_syntax(data: &'a [u8], syntax: Syntax) -> Lexer<'a> {
        Lexer {
            data,
            pos: 0,
            syntax,
        }
    }

    /// The next token as written (brackets as tokens of their own), or None at the end.
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_white_and_comments();
        let b = *self.data.get(self.pos)?;
        let token = match b {
            b'/' => {
                self.pos += 1;
                Token::Name(self.name())
            }
            b'(' => {
                self.pos += 1;
                Token::Literal(self.literal_string())
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Token::DictStart
            }
            b'<' => {
                self.pos += 1;
                Token::Hex(self.hex_string())
            }
            b'>' => {
                self.pos += 1;
                if self.data.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Token::DictEnd
            }
            b'[' => {
                self.pos += 1;
                Token::ArrayStart
            }
            b']' => {
                self.pos += 1;
                Token::ArrayEnd
            }
            b'{' | b'}' | b')' => {
                self.pos += 1;
                Token::Other
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            _ => Token::Keyword(self.regular_run()),
        };
        Some(token)
    }

    /// Reads operands into `operands` (cleared first) up to the next operator and returns
    /// the operator, or None at the end of the stream.
    pub fn next_operation(&mut self, operands: &mut Vec<Operand<'a>>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            match self.token(0)? {
                Item::Operand(op) => {
                    if operands.len() >= MAX_OPERANDS {
                        operands.remove(0);
                    }
                    operands.push(op);
                }
                Item::Keyword(k) => return Some(k),
                // Stray closers are ignored.
                Item::ArrayEnd | Item::DictEnd => {}
            }
        }
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next content-stream item: arrays assembled up to [`MAX_NESTING`] deep,
    /// dictionaries skipped.
    fn token(&mut self, depth: usize) -> Option<Item<'a>> {
        let item = match self.next_token()? {
            Token::Number(v) => Item::Operand(Operand::Number(v)),
            Token::Name(n) => Item::Operand(Operand::Name(n)),
            Token::Literal(s) => Item::Operand(Operand::String(s)),
            Token::Hex(h) => Item::Operand(Operand::String(Cow::Owned(h))),
            Token::Keyword(b"true" | b"false" | b"null") | Token::Other => {
                Item::Operand(Operand::Other)
            }
            Token::Keyword(k) => Item::Keyword(k),
            Token::ArrayStart if depth >= MAX_NESTING => {
                self.skip_flat(b'[', b']');
                Item::Operand(Operand::Other)
            }
            Token::ArrayStart => Item::Operand(self.array(depth + 1)),
            Token::ArrayEnd => Item::ArrayEnd,
            Token::DictStart => {
                self.skip_dict(depth);
                Item::Operand(Operand::Dict)
            }
            Token::DictEnd => Item::DictEnd,
        };
        Some(item)
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| is_regular(b)) {
            self.pos += 1;
        }
        if self.pos == start {
            // A lone delimiter we do not understand: step over it.
            self.pos += 1;
        }
        &self.data[start..self.pos.min(self.data.len())]
    }

    fn name(&mut self) -> Cow<'a, [u8]> {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| is_regular(b)) {
            self.pos += 1;
        }
        let raw = &self.data[start..self.pos];
        if self.syntax == Syntax::PostScript || !raw.contains(&b'#') {
            return Cow::Borrowed(raw);
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let escaped = raw
                .get(i + 1..i + 3)
                .and_then(|h| Some(hex_value(h[0])? << 4 | hex_value(h[1])?));
            match (raw[i], escaped) {
                (b'#', Some(v)) => {
                    out.push(v);
                    i += 3;
                }
                (b, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        Cow::Owned(out)
    }

    fn number(&mut self) -> Token<'a> {
        if self.syntax == Syntax::PostScript {
            let run = self.regular_run();
            return match std::str::from_utf8(run)
                .ok()
                .and_then(|t| t.parse::<i64>().ok())
            {
                Some(value) => Token::Number(value as f64),
                None => Token::Keyword(run),
            };
        }
        let start = self.pos;
        while self
            .data
            .get(self.pos)
            .is_some_and(|&b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
        {
            self.pos += 1;
        }
        Token::Number(parse_number(&self.data[start..self.pos]))
    }

    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        let start = self.pos;
        let mut depth = 1usize;
        let mut simple = true;
        let keep_cr = self.syntax == Syntax::PostScript;
        while let Some(&b) = self.data.get(self.pos) {
            match b {
                b'\\' => {
                    simple = false;
                    self.pos += 2;
                    continue;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\r' if !keep_cr => simple = false,
                _ => {}
            }
            self.pos += 1;
        }
        let end = self.pos.min(self.data.len());
        self.pos = end + 1;
        let raw = &self.data[start..end];
        if simple {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(unescape_literal(raw, keep_cr))
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_value(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn array(&mut self, depth: usize) -> Operand<'a> {
        let mut items = Vec::new();
        loop {
            match self.token(depth) {
                None | Some(Item::ArrayEnd) => break,
                Some(Item::Operand(op)) => {
                    if items.len() < MAX_OPERANDS {
                        items.push(op);
                    }
                }
                // A keyword inside an array is malformed content: keep it out of the array.
                Some(Item::Keyword(_)) | Some(Item::DictEnd) => {}
            }
        }
        Operand::Array(items)
    }

    /// Skips to the bracket closing an open one by counting, without recursion.
    fn skip_flat(&mut self, open: u8, close: u8) {
        let mut level = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == open {
                level += 1;
            } else if b == close {
                level -= 1;
                if level == 0 {
                    return;
                }
            }
        }
    }

    fn skip_dict(&mut self, depth: usize) {
        if depth >= MAX_NESTING {
            // Too deep: skip to the matching `>>` by counting, without recursion.
            let mut level = 1usize;
            while self.pos + 1 < self.data.len() && level > 0 {
                match &self.data[self.pos..self.pos + 2] {
                    b"<<" => {
                        level += 1;
                        self.pos += 2;
                    }
                    b">>" => {
                        level -= 1;
                        self.pos += 2;
                    }
                    _ => self.pos += 1,
                }
            }
            if level > 0 {
                self.pos = self.data.len();
            }
            return;
        }
        loop {
            match self.token(depth + 1) {
                None | Some(Item::DictEnd) => break,
                Some(_) => {}
            }
        }
    }

    /// Skips an inline image after its `BI` operator: the parameters up to `ID`, then the
    /// data up to an `EI` that stands alone between whitespace.
    pub fn skip_inline_image(&mut self) {
        let mut length: Option<usize> = None;
        let mut last_name: Option<Cow<'a, [u8]>> = None;
        loop {
            match self.token(0) {
                None => return,
                Some(Item::Keyword(b"ID")) => break,
                Some(Item::Operand(Operand::Name(n))) => last_name = Some(n),
                Some(Item::Operand(Operand::Number(v))) => {
                    if matches!(last_name.as_deref(), Some(b"L") | Some(b"Length")) && v >= 0.0 {
                        length = Some(v as usize);
                    }
                    last_name = None;
                }
                Some(_) => last_name = None,
            }
        }
        // One whitespace byte separates ID from the data.
        self.pos += 1;
        if let Some(len) = length {
            let after = self.pos.saturating_add(len);
            if self.ends_with_ei_at(after) {
                self.pos = after;
                self.skip_white_and_comments();
                self.pos += 2;
                return;
            }
        }
        while self.pos + 1 < self.data.len() {
            if self.data[self.pos] == b'E'
                && self.data[self.pos + 1] == b'I'
                && self.pos > 0
                && is_white(self.data[self.pos - 1])
                && self.data.get(self.pos + 2).is_none_or(|&b| !is_regular(b))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = self.data.len();
    }

    fn ends_with_ei_at(&self, at: usize) -> bool {
        let mut p = at;
        while self.data.get(p).is_some_and(|&b| is_white(b)) {
            p += 1;
        }
        self.data.get(p..p + 2) == Some(b"EI")
    }
}

/// Parses a PDF number leniently (`-.5`, `4.`, `--3`, `1-2` as far as it is valid).
pub fn parse_number(raw: &[u8]) -> f64 {
    let mut negative = false;
    let mut i = 0;
    while i < raw.len() && matches!(raw[i], b'+' | b'-') {
        negative ^= raw[i] == b'-';
        i += 1;
    }
    let mut value = 0.0f64;
    while i < raw.len() && raw[i].is_ascii_digit() {
        value = value * 10.0 + f64::from(raw[i] - b'0');
        i += 1;
    }
    if i < raw.len() && raw[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < raw.len() && raw[i].is_ascii_digit() {
            value += f64::from(raw[i] - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    if negative {
        -value
    } else {
        value
    }
}

/// The bytes of a literal string's inside; `keep_cr`: a carriage return is kept as written
/// (PostScript) rather than read as a line end (PDF).
fn unescape_literal(raw: &[u8], keep_cr: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if b == b'\r' && !keep_cr {
            // End-of-line in a string is a line feed, whatever its form.
            out.push(b'\n');
            if raw.get(i) == Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'\r' => {
                if !keep_cr && raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(Vec<Operand<'_>>, Vec<u8>)> {
        let mut lexer = Lexer::new(src);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lexer.next_operation(&mut operands) {
            if op == b"BI" {
                lexer.skip_inline_image();
            }
            out.push((operands.clone(), op.to_vec()));
        }
        out
    }

    #[test]
    fn reads_operands_and_operators() {
        let got =
            ops(b"BT /F1 12 Tf 1 0 0 1 -3.5 .5 Tm (a\\(b\\)\\101) Tj [(x) -120 <4142>] TJ ET");
        assert_eq!(got.len(), 6);
        assert_eq!(got[1].0[0], Operand::Name(Cow::Borrowed(b"F1")));
        assert_eq!(got[2].0[4], Operand::Number(-3.5));
        assert_eq!(got[2].0[5], Operand::Number(0.5));
        assert_eq!(got[3].0[0], Operand::String(Cow::Owned(b"a(b)A".to_vec())));
        match &got[4].0[0] {
            Operand::Array(items) => {
                assert_eq!(items.len(), 3);
                assert_eq!(items[2], Operand::String(Cow::Owned(b"AB".to_vec())));
            }
            other => panic!("not an array: {other:?}"),
        }
    }

    #[test]
    fn skips_inline_images_and_dicts() {
        let got = ops(b"/P <</MCID 3 /X [1 2]>> BDC q BI /W 2 /H 1 /BPC 8 ID \x00EI\xff EI Q EMC");
        let names: Vec<_> = got.iter().map(|(_, op)| op.clone()).collect();
        assert_eq!(
            names,
            vec![
                b"BDC".to_vec(),
                b"q".to_vec(),
                b"BI".to_vec(),
                b"Q".to_vec(),
                b"EMC".to_vec()
            ]
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut src = vec![b'['; 100_000];
        src.extend_from_slice(b" Tj");
        let got = ops(&src);
        assert!(got.len() <= 1);
    }

    fn postscript(src: &[u8]) -> Vec<Token<'_>> {
        let mut lexer = Lexer::with_syntax(src, Syntax::PostScript);
        std::iter::from_fn(|| lexer.next_token()).collect()
    }

    #[test]
    fn tokens_of_a_cmap_fragment() {
        let got = postscript(
            b"%c\n/CMapName /Foo#20 def 2 begincodespacerange <00 0a><F>[(a\\051)]>> 1.5 12ab",
        );
        assert_eq!(
            got,
            vec![
                Token::Name(Cow::Borrowed(b"CMapName")),
                // `#` is no escape in PostScript.
                Token::Name(Cow::Borrowed(b"Foo#20")),
                Token::Keyword(b"def"),
                Token::Number(2.0),
                Token::Keyword(b"begincodespacerange"),
                Token::Hex(vec![0, 10]),
                Token::Hex(vec![0xf0]),
                Token::ArrayStart,
                Token::Literal(Cow::Owned(b"a)".to_vec())),
                Token::ArrayEnd,
                Token::DictEnd,
                // Only whole integers are numbers in a CMap.
                Token::Keyword(b"1.5"),
                Token::Keyword(b"12ab"),
            ]
        );
    }

    #[test]
    fn content_and_postscript_differ_where_syntax_says() {
        let content: Vec<_> = {
            let mut lexer = Lexer::new(b"/A#20 12ab (x\ry)");
            std::iter::from_fn(|| lexer.next_token()).collect()
        };
        assert_eq!(
            content,
            vec![
                Token::Name(Cow::Owned(b"A ".to_vec())),
                Token::Number(12.0),
                Token::Keyword(b"ab"),
                Token::Literal(Cow::Owned(b"x\ny".to_vec())),
            ]
        );
        // A carriage return inside a CMap string is a byte of UTF-16BE text (U+300D).
        assert_eq!(
            postscript(b"(0\r)"),
            vec![Token::Literal(Cow::Borrowed(b"0\r"))]
        );
    }

    #[test]
    fn unterminated_cmap_input_ends_cleanly() {
        assert_eq!(postscript(b"<00").len(), 1);
        assert_eq!(postscript(b"(((").len(), 1);
        assert_eq!(postscript(b"\\").len(), 1);
    }
}
