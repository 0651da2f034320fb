//! A small JSON reader and writer for saves (the engine's, and the app's records, settings and
//! gallery), so the player's page carries no serde_json: [`parse`] builds a [`Json`] tree
//! remembering where each value lies in the text, [`Fields`] and the `Json::as_*` readers
//! convert it by hand with serde's wording for errors, and [`push_str`], [`key`] and [`item`]
//! write JSON exactly as serde_json does (same escapes, no spaces), so what is written reads
//! back in older builds and the other way round.
//!
//! It reads untrusted text and never panics: nesting deeper than [`MAX_NESTING`] is refused
//! (serde_json's own limit), integers are kept exactly in `u64`/`i64` range and other numbers
//! as `f64` (an infinite one is refused), strings must be valid JSON (paired surrogates, known
//! escapes, no control characters). Syntax errors say what and where (`… at line 1 column 5`)
//! in serde_json's words; later readers of the tree say what was wrong, with the place when the
//! caller asks for it ([`Reader::located`]).

use std::fmt;

/// How deep arrays and objects may nest: serde_json's recursion limit.
pub const MAX_NESTING: usize = 128;

/// A JSON value with the byte range it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Json {
    /// The value.
    pub kind: Kind,
    /// Where its text starts (its first byte).
    pub start: usize,
    /// Where its text ends (one past its last byte).
    pub end: usize,
}

/// What a [`Json`] value is.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(Number),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object's members in the order written; keys may repeat (see [`Fields`]).
    Obj(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// One past the key's closing quote.
    pub key_end: usize,
    /// The value.
    pub value: Json,
}

/// A number as serde_json keeps it: integers exactly when they fit, anything else as `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    U(u64),
    /// A negative integer.
    I(i64),
    /// A fraction, an exponent, `-0`, or an integer beyond 64 bits: never a value a save
    /// holds, so only its text is kept (the reader does not convert decimals to binary floats;
    /// that code would outweigh the rest of this module).
    F,
}

impl Number {
    /// The number as an `i64`, if it is an integer in range.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::U(n) => i64::try_from(n).ok(),
            Number::I(n) => Some(n),
            Number::F => None,
        }
    }

    /// The number as a `u64`, if it is a non-negative integer in range.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Number::U(n) => Some(n),
            _ => None,
        }
    }
}

/// Why a text is not JSON, or why a value is not what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Line and column (serde_json's: 1-based line, byte column), when known.
    at: Option<(usize, usize)>,
    syntax: bool,
}

impl Error {
    /// True when the text is not JSON at all (a syntax error or the text ends early), as
    /// opposed to JSON of the wrong shape.
    pub fn is_syntax(&self) -> bool {
        self.syntax
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.at {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// serde_json's line and column of byte `i`: the column counts bytes since the last newline.
fn position(text: &[u8], i: usize) -> (usize, usize) {
    let before = text.get(..i).unwrap_or(text);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = match before.iter().rposition(|&b| b == b'\n') {
        Some(nl) => i - nl - 1,
        None => i,
    };
    (line, column)
}

/// Reads one JSON value that must fill `text` (whitespace aside).
pub fn parse(text: &str) -> Result<Json, Error> {
    let mut p = Parser {
        text: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let value = p.value()?;
    match p.skip_space() {
        None => Ok(value),
        Some(_) => Err(p.peek_error("trailing characters")),
    }
}

/// The largest finite `f64` plus half its last unit, 2^1024 − 2^970, where decimals start to
/// round to infinity (a tie rounds to even, which is infinity): its 309 decimal digits.
const F64_LIMIT: &[u8] =
    b"17976931348623158079372897140530341507993413271003782693617377898044496829276475\
09466490179775872070963302864166928879109465555478519404026306574886715058206819\
08902000708383676273854845817711531764475730270069855571366959622842914819860834\
936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether the decimal `digits` (grammar-checked: integer part, optional fraction, optional
/// exponent; no sign) is too large for an `f64`, which serde_json calls "number out of range".
/// Compared exactly, on its decimal exponent and then its significant digits.
fn beyond_f64(digits: &[u8]) -> bool {
    let (mantissa, exponent) = match digits.iter().position(|&b| b == b'e' || b == b'E') {
        Some(e) => (&digits[..e], &digits[e + 1..]),
        None => (digits, &b""[..]),
    };
    let (negative, exponent) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    // Clamped far beyond any f64, so a thousand-digit exponent cannot overflow.
    let magnitude = exponent
        .iter()
        .fold(0i64, |n, d| (n * 10 + i64::from(d - b'0')).min(1 << 40));
    let exponent = if negative { -magnitude } else { magnitude };
    let int_len = mantissa
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(mantissa.len());
    let significant: Vec<u8> = mantissa.iter().copied().filter(|&b| b != b'.').collect();
    let Some(lead) = significant.iter().position(|&b| b != b'0') else {
        return false; // zero
    };
    // The value is 0.d₁d₂… × 10^scale, d₁ the first non-zero digit.
    let scale = int_len as i64 - lead as i64 + exponent;
    match scale.cmp(&309) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            // Digits past the limit's own only matter when all before them are equal, and
            // then the value is at least the limit anyway.
            let sig = &significant[lead..];
            let padded = sig.iter().chain(std::iter::repeat(&b'0'));
            let cmp = padded
                .zip(F64_LIMIT)
                .map(|(a, b)| a.cmp(b))
                .find(|o| o.is_ne());
            cmp != Some(std::cmp::Ordering::Less)
        }
    }
}

struct Parser<'a> {
    text: &'a [u8],
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn skip_space(&mut self) -> Option<u8> {
        while let Some(b) = self.peek() {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.i += 1;
        }
        None
    }

    /// An error about the last byte read.
    fn error(&self, message: &str) -> Error {
        self.error_at(self.i, message)
    }

    /// An error about the next byte, not yet read.
    fn peek_error(&self, message: &str) -> Error {
        self.error_at((self.i + 1).min(self.text.len()), message)
    }

    fn error_at(&self, i: usize, message: &str) -> Error {
        Error {
            message: message.to_owned(),
            at: Some(position(self.text, i)),
            syntax: true,
        }
    }

    fn value(&mut self) -> Result<Json, Error> {
        let Some(first) = self.skip_space() else {
            return Err(self.peek_error("EOF while parsing a value"));
        };
        let start = self.i;
        let kind = match first {
            b'n' => self.ident(b"null", Kind::Null)?,
            b't' => self.ident(b"true", Kind::Bool(true))?,
            b'f' => self.ident(b"false", Kind::Bool(false))?,
            b'-' => {
                self.i += 1;
                Kind::Num(self.number(false)?)
            }
            b'0'..=b'9' => Kind::Num(self.number(true)?),
            b'"' => {
                self.i += 1;
                Kind::Str(self.string()?)
            }
            b'[' | b'{' => {
                self.depth += 1;
                if self.depth >= MAX_NESTING {
                    return Err(self.peek_error("recursion limit exceeded"));
                }
                self.i += 1;
                let kind = if first == b'[' {
                    self.array()?
                } else {
                    self.object()?
                };
                self.depth -= 1;
                kind
            }
            _ => return Err(self.peek_error("expected value")),
        };
        Ok(Json {
            kind,
            start,
            end: self.i,
        })
    }

    fn ident(&mut self, word: &[u8], kind: Kind) -> Result<Kind, Error> {
        self.i += 1;
        for expected in word.iter().skip(1) {
            match self.next() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b) if b != *expected => return Err(self.error("expected ident")),
                Some(_) => {}
            }
        }
        Ok(kind)
    }

    /// A number after its sign: the grammar checked byte by byte, the value converted from
    /// the text read.
    fn number(&mut self, positive: bool) -> Result<Number, Error> {
        let start = self.i;
        match self.next() {
            Some(b'0') => {
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.peek_error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            None => return Err(self.error("EOF while parsing a value")),
            Some(_) => return Err(self.error("invalid number")),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.i += 1;
            match self.peek() {
                Some(b'0'..=b'9') => self.digits(),
                Some(_) => return Err(self.peek_error("invalid number")),
                None => return Err(self.peek_error("EOF while parsing a value")),
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integer = false;
            let nonzero = self.text[start..self.i]
                .iter()
                .any(|b| matches!(b, b'1'..=b'9'));
            self.i += 1;
            let grows = self.peek() != Some(b'-');
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let first = self.i;
            self.at_least_one_digit()?;
            // serde_json refuses a growing exponent as soon as it passes i32::MAX, at that digit.
            let mut exponent: i64 = 0;
            for (k, d) in self.text[first..self.i].iter().enumerate() {
                exponent = exponent * 10 + i64::from(d - b'0');
                if exponent > i64::from(i32::MAX) {
                    if nonzero && grows {
                        return Err(self.error_at(first + k + 1, "number out of range"));
                    }
                    break;
                }
            }
        }
        let digits = &self.text[start..self.i];
        if integer {
            let n = digits.iter().try_fold(0u64, |n, d| {
                n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            });
            if let Some(n) = n {
                if positive {
                    return Ok(Number::U(n));
                }
                if n != 0 && n <= 1 << 63 {
                    return Ok(Number::I((n as i64).wrapping_neg()));
                }
            }
        }
        if beyond_f64(digits) {
            return Err(self.error("number out of range"));
        }
        Ok(Number::F)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }

    fn at_least_one_digit(&mut self) -> Result<(), Error> {
        match self.next() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            Some(_) => Err(self.error("invalid number")),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    /// A string after its opening quote, up to and including the closing one.
    fn string(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        loop {
            let run = self.i;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.i += 1;
            }
            // The text is a `str` and the run stops only at ASCII bytes: always whole chars.
            out.push_str(std::str::from_utf8(&self.text[run..self.i]).unwrap_or_default());
            match self.next() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => return Ok(out),
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let c = match self.next() {
            None => return Err(self.error("EOF while parsing a string")),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => self.unicode()?,
            Some(_) => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    /// A `\u` escape after the `u`: one code unit, or a surrogate pair written as two.
    fn unicode(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&first) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        if !(0xD800..=0xDBFF).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.error("invalid unicode code point"));
        }
        for expected in [b'\\', b'u'] {
            match self.next() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b) if b != expected => return Err(self.error("unexpected end of hex escape")),
                Some(_) => {}
            }
        }
        let second = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        let c = 0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(c).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        if self.text.len() - self.i < 4 {
            self.i = self.text.len();
            return Err(self.error("EOF while parsing a string"));
        }
        // serde_json reads all four bytes before it looks at them.
        let digits = &self.text[self.i..self.i + 4];
        self.i += 4;
        digits.iter().try_fold(0, |n, &b| {
            char::from(b)
                .to_digit(16)
                .map(|d| n * 16 + d)
                .ok_or_else(|| self.error("invalid escape"))
        })
    }

    /// An array after its `[`, up to and including the `]`.
    fn array(&mut self) -> Result<Kind, Error> {
        let mut items = Vec::new();
        loop {
            match self.skip_space() {
                None => return Err(self.peek_error("EOF while parsing a list")),
                Some(b']') => {
                    self.i += 1;
                    return Ok(Kind::Arr(items));
                }
                Some(b',') if !items.is_empty() => {
                    self.i += 1;
                    match self.skip_space() {
                        Some(b']') => return Err(self.peek_error("trailing comma")),
                        None => return Err(self.peek_error("EOF while parsing a value")),
                        Some(_) => {}
                    }
                }
                Some(_) if !items.is_empty() => return Err(self.peek_error("expected `,` or `]`")),
                Some(_) => {}
            }
            items.push(self.value()?);
        }
    }

    /// An object after its `{`, up to and including the `}`.
    fn object(&mut self) -> Result<Kind, Error> {
        let mut members = Vec::new();
        loop {
            match self.skip_space() {
                None => return Err(self.peek_error("EOF while parsing an object")),
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Kind::Obj(members));
                }
                Some(b',') if !members.is_empty() => {
                    self.i += 1;
                    match self.skip_space() {
                        Some(b'"') => {}
                        Some(b'}') => return Err(self.peek_error("trailing comma")),
                        Some(_) => return Err(self.peek_error("key must be a string")),
                        None => return Err(self.peek_error("EOF while parsing a value")),
                    }
                }
                Some(b'"') if members.is_empty() => {}
                Some(_) if members.is_empty() => {
                    return Err(self.peek_error("key must be a string"))
                }
                Some(_) => return Err(self.peek_error("expected `,` or `}`")),
            }
            self.i += 1;
            let key = self.string()?;
            let key_end = self.i;
            match self.skip_space() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.peek_error("expected `:`")),
                None => return Err(self.peek_error("EOF while parsing an object")),
            }
            let value = self.value()?;
            members.push(Member {
                key,
                key_end,
                value,
            });
        }
    }
}

impl Json {
    /// The last member named `key`, if this is an object that has one (serde_json's `Value`
    /// keeps the last of repeated keys).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.kind {
            Kind::Obj(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }

    /// What this value (read from `text`) is, in serde's words ("integer `7`"; "a sequence" is
    /// what is expected). A fraction is quoted as written, not reformatted: formatting floats
    /// would cost the page more code than the rest of this module.
    fn unexpected(&self, text: &str) -> String {
        match &self.kind {
            Kind::Null => "null".to_owned(),
            Kind::Bool(b) => format!("boolean `{b}`"),
            Kind::Num(Number::U(n)) => format!("integer `{n}`"),
            Kind::Num(Number::I(n)) => format!("integer `{n}`"),
            Kind::Num(Number::F) => format!(
                "floating point `{}`",
                text.get(self.start..self.end).unwrap_or_default()
            ),
            Kind::Str(s) => format!("string {s:?}"),
            Kind::Arr(_) => "sequence".to_owned(),
            Kind::Obj(_) => "map".to_owned(),
        }
    }
}

/// Converts a parsed tree into typed values, with serde's messages for what is wrong: either
/// as `serde_json::from_value` words them (no place; repeated keys: the last one counts), or as
/// `serde_json::from_str` does (with the line and column; a repeated field is an error).
#[derive(Clone, Copy, Debug)]
pub struct Reader<'t> {
    text: &'t str,
    located: bool,
}

impl<'t> Reader<'t> {
    /// Errors without a place; of repeated keys the last counts.
    pub fn values(text: &'t str) -> Reader<'t> {
        Reader {
            text,
            located: false,
        }
    }

    /// Errors with their line and column in `text`; a repeated field is an error.
    pub fn located(text: &'t str) -> Reader<'t> {
        Reader {
            text,
            located: true,
        }
    }

    /// An error about the text ending at byte `at`.
    pub fn error(&self, at: usize, message: String) -> Error {
        Error {
            message,
            at: self
                .located
                .then(|| position(self.text.as_bytes(), at.min(self.text.len()))),
            syntax: false,
        }
    }

    /// serde_json places a wrong scalar after it, a wrong array or object before it.
    fn invalid_type(&self, value: &Json, expected: &str) -> Error {
        let at = match value.kind {
            Kind::Arr(_) | Kind::Obj(_) => value.start,
            _ => value.end,
        };
        self.error(
            at,
            format!(
                "invalid type: {}, expected {expected}",
                value.unexpected(self.text)
            ),
        )
    }

    /// The exact text `value` was read from.
    pub fn raw(&self, value: &Json) -> &'t str {
        self.text.get(value.start..value.end).unwrap_or_default()
    }

    /// A string.
    pub fn string(&self, value: &Json) -> Result<String, Error> {
        match &value.kind {
            Kind::Str(s) => Ok(s.clone()),
            _ => Err(self.invalid_type(value, "a string")),
        }
    }

    /// A boolean.
    pub fn bool(&self, value: &Json) -> Result<bool, Error> {
        match value.kind {
            Kind::Bool(b) => Ok(b),
            _ => Err(self.invalid_type(value, "a boolean")),
        }
    }

    /// An integer converted to `T` (named `name` in messages: `u32`, `i64`…).
    pub fn int<T: TryFrom<u64> + TryFrom<i64>>(
        &self,
        value: &Json,
        name: &str,
    ) -> Result<T, Error> {
        let converted = match value.kind {
            Kind::Num(Number::U(n)) => T::try_from(n).ok(),
            Kind::Num(Number::I(n)) => T::try_from(n).ok(),
            _ => return Err(self.invalid_type(value, name)),
        };
        converted.ok_or_else(|| {
            self.error(
                value.end,
                format!(
                    "invalid value: {}, expected {name}",
                    value.unexpected(self.text)
                ),
            )
        })
    }

    /// An array's items.
    pub fn seq<'j>(&self, value: &'j Json) -> Result<&'j [Json], Error> {
        match &value.kind {
            Kind::Arr(items) => Ok(items),
            _ => Err(self.invalid_type(value, "a sequence")),
        }
    }

    /// An array of strings.
    pub fn strings(&self, value: &Json) -> Result<Vec<String>, Error> {
        self.seq(value)?.iter().map(|s| self.string(s)).collect()
    }

    /// An object's members as a map: of repeated keys the last counts.
    pub fn map<'j>(&self, value: &'j Json) -> Result<Vec<(&'j str, &'j Json)>, Error> {
        match &value.kind {
            Kind::Obj(members) => {
                let mut out: Vec<(&str, &Json)> = Vec::with_capacity(members.len());
                for m in members {
                    match out.iter_mut().find(|(k, _)| *k == m.key) {
                        Some(slot) => slot.1 = &m.value,
                        None => out.push((&m.key, &m.value)),
                    }
                }
                Ok(out)
            }
            _ => Err(self.invalid_type(value, "a map")),
        }
    }

    /// The fields of a struct named `name` (serde's "struct Record") with these `fields` in
    /// order: an object, or (as serde's derive also accepts) an array of them by position.
    pub fn fields<'j>(
        &self,
        value: &'j Json,
        name: &'static str,
        fields: &'static [&'static str],
    ) -> Result<Fields<'j, 't>, Error> {
        match &value.kind {
            Kind::Obj(_) | Kind::Arr(_) => {}
            _ => return Err(self.invalid_type(value, &format!("struct {name}"))),
        }
        if let Kind::Arr(items) = &value.kind {
            if items.len() > fields.len() {
                return Err(self.error(
                    value.end,
                    format!(
                        "invalid length {}, expected fewer elements in array",
                        items.len()
                    ),
                ));
            }
        }
        Ok(Fields {
            reader: *self,
            value,
            name,
            fields,
        })
    }
}

/// A struct's fields being read (see [`Reader::fields`]).
pub struct Fields<'j, 't> {
    reader: Reader<'t>,
    value: &'j Json,
    name: &'static str,
    fields: &'static [&'static str],
}

impl<'j> Fields<'j, '_> {
    /// The field `key`, if present (a `null` counts as present). A located reader refuses a
    /// field given twice, as serde's derive does.
    pub fn get(&self, key: &str) -> Result<Option<&'j Json>, Error> {
        match &self.value.kind {
            Kind::Obj(members) => {
                let mut found = members.iter().filter(|m| m.key == key);
                let first = found.next();
                match (found.next_back(), self.reader.located) {
                    (Some(twice), true) => Err(self
                        .reader
                        .error(twice.key_end, format!("duplicate field `{key}`"))),
                    (Some(last), false) => Ok(Some(&last.value)),
                    (None, _) => Ok(first.map(|m| &m.value)),
                }
            }
            Kind::Arr(items) => Ok(self
                .fields
                .iter()
                .position(|f| *f == key)
                .and_then(|i| items.get(i))),
            _ => Ok(None),
        }
    }

    /// The field `key`, which must be present.
    pub fn need(&self, key: &str) -> Result<&'j Json, Error> {
        if let Some(value) = self.get(key)? {
            return Ok(value);
        }
        let message = match &self.value.kind {
            Kind::Arr(items) => format!(
                "invalid length {}, expected struct {} with {} elements",
                items.len(),
                self.name,
                self.fields.len()
            ),
            _ => format!("missing field `{key}`"),
        };
        Err(self.reader.error(self.value.end, message))
    }

    /// The field `key` read by `read`, or `None` when it is absent or `null` (serde's
    /// `Option`).
    pub fn opt<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'j Json) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        match self.get(key)? {
            None => Ok(None),
            Some(Json {
                kind: Kind::Null, ..
            }) => Ok(None),
            Some(value) => read(value).map(Some),
        }
    }

    /// The field `key` read by `read`, or `T::default()` when it is absent (serde's
    /// `#[serde(default)]`).
    pub fn or_default<T: Default>(
        &self,
        key: &str,
        read: impl FnOnce(&'j Json) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match self.get(key)? {
            None => Ok(T::default()),
            Some(value) => read(value),
        }
    }
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the short
/// escapes for backspace, form feed, newline, carriage return and tab, `\u00XX` (lowercase)
/// for the other control characters, everything else as it is.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0C => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Appends an integer (or anything else whose `Display` is JSON).
pub fn push_num(out: &mut String, n: impl fmt::Display) {
    use fmt::Write;
    // Writing to a `String` cannot fail.
    let _ = write!(out, "{n}");
}

/// Starts the member `name` of the object being written (after its `{`): the comma when one
/// came before, the key and the colon.
pub fn key(out: &mut String, name: &str) {
    item(out);
    push_str(out, name);
    out.push(':');
}

/// Starts the next item of the array being written (after its `[`): a comma unless it is the
/// first.
pub fn item(out: &mut String) {
    if !out.ends_with(['{', '[']) {
        out.push(',');
    }
}

/// Appends `items` as a JSON array, each written by `write`.
pub fn push_array<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    write: impl Fn(&mut String, T),
) {
    out.push('[');
    for x in items {
        item(out);
        write(out, x);
    }
    out.push(']');
}
