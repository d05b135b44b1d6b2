//! A forgiving PostScript tokenizer for CMap streams: enough for CMap syntax, and it
//! never fails — bytes it does not understand are skipped.

/// One PostScript token of a CMap.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// `<…>`: a hex string (a code or a UTF-16BE destination).
    Hex(Vec<u8>),
    /// `(…)`: a literal string.
    Str(Vec<u8>),
    /// `/Name`.
    Name(String),
    /// An integer.
    Int(i64),
    /// Any other bare word (`begincidrange`, `def`, reals, …).
    Word(String),
    /// `[`.
    ArrayOpen,
    /// `]`.
    ArrayClose,
    /// `<<`, `>>`, `{`, `}`: structure the parser does not need.
    Other,
}

/// Literal strings nest at most this deep before the rest is taken as text.
const MAX_PAREN_DEPTH: usize = 64;

/// Iterates over the tokens of a CMap stream.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space_and_comments(&mut self) {
        while let Some(byte) = self.peek() {
            if byte == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.pos += 1;
                }
            } else if is_space(byte) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn hex_string(&mut self) -> Token {
        let mut bytes = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(byte) = self.peek() {
            self.pos += 1;
            if byte == b'>' {
                break;
            }
            let Some(nibble) = hex_value(byte) else {
                continue;
            };
            match high.take() {
                Some(h) => bytes.push(h << 4 | nibble),
                None => high = Some(nibble),
            }
        }
        if let Some(h) = high {
            bytes.push(h << 4);
        }
        Token::Hex(bytes)
    }

    fn literal_string(&mut self) -> Token {
        let mut bytes = Vec::new();
        let mut depth = 1usize;
        while let Some(byte) = self.peek() {
            self.pos += 1;
            match byte {
                b'\\' => {
                    if let Some(escaped) = self.escape() {
                        bytes.push(escaped);
                    }
                }
                b'(' => {
                    depth = (depth + 1).min(MAX_PAREN_DEPTH);
                    bytes.push(byte);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    bytes.push(byte);
                }
                _ => bytes.push(byte),
            }
        }
        Token::Str(bytes)
    }

    /// The byte of a `\` escape (the backslash already consumed).
    fn escape(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(match byte {
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'b' => 8,
            b'f' => 12,
            b'0'..=b'7' => {
                let mut value = u32::from(byte - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                (value & 0xff) as u8
            }
            b'\r' | b'\n' => return None,
            other => other,
        })
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| !is_space(b) && !is_delimiter(b))
        {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        self.skip_space_and_comments();
        let byte = self.peek()?;
        self.pos += 1;
        Some(match byte {
            b'<' if self.peek() == Some(b'<') => {
                self.pos += 1;
                Token::Other
            }
            b'<' => self.hex_string(),
            b'>' => {
                if self.peek() == Some(b'>') {
                    self.pos += 1;
                }
                Token::Other
            }
            b'(' => self.literal_string(),
            b'[' => Token::ArrayOpen,
            b']' => Token::ArrayClose,
            b'{' | b'}' | b')' => Token::Other,
            b'/' => Token::Name(String::from_utf8_lossy(self.regular_run()).into_owned()),
            _ => {
                self.pos -= 1;
                word_or_number(self.regular_run())
            }
        })
    }
}

fn word_or_number(run: &[u8]) -> Token {
    let text = String::from_utf8_lossy(run);
    match text.parse::<i64>() {
        Ok(value) => Token::Int(value),
        Err(_) => Token::Word(text.into_owned()),
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | 0 | 12)
}

fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_a_cmap_fragment() {
        let tokens: Vec<Token> =
            Lexer::new(b"%c\n/CMapName /Foo def 2 begincodespacerange <00 0a><F>[(a\\051)]>>")
                .collect();
        assert_eq!(
            tokens,
            vec![
                Token::Name("CMapName".into()),
                Token::Name("Foo".into()),
                Token::Word("def".into()),
                Token::Int(2),
                Token::Word("begincodespacerange".into()),
                Token::Hex(vec![0, 10]),
                Token::Hex(vec![0xf0]),
                Token::ArrayOpen,
                Token::Str(b"a)".to_vec()),
                Token::ArrayClose,
                Token::Other,
            ]
        );
    }

    #[test]
    fn unterminated_input_ends_cleanly() {
        assert_eq!(Lexer::new(b"<00").count(), 1);
        assert_eq!(Lexer::new(b"(((").count(), 1);
        assert_eq!(Lexer::new(b"\\").count(), 1);
    }
}
