//! Lenient accessors over lopdf objects: every lookup follows references and returns None
//! instead of failing, so damaged dictionaries degrade to defaults.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Follows references (bounded by lopdf) to the object itself.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

/// `dict[key]`, references followed.
pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a dictionary (a stream's dictionary too).
pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

/// The dictionary of a dictionary or stream object.
pub fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// `dict[key]` as an array.
pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// `dict[key]` as a name.
pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// `dict[key]` as a number.
pub fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    number(doc, dict.get(key).ok()?)
}

/// An object as a finite number, references followed.
pub fn number(doc: &Document, obj: &Object) -> Option<f64> {
    let v = match resolve(doc, obj)? {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// An array of numbers (non-numbers become None entries are skipped: the result is shorter).
pub fn numbers(doc: &Document, items: &[Object]) -> Vec<f64> {
    items.iter().filter_map(|o| number(doc, o)).collect()
}

/// `dict[key]` as a stream, with the id of the referenced object when it is indirect.
pub fn get_stream<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<(Option<ObjectId>, &'a Stream)> {
    let (id, obj) = doc.dereference(dict.get(key).ok()?).ok()?;
    match obj {
        Object::Stream(s) => Some((id, s)),
        _ => None,
    }
}

/// A name or string decoded leniently: UTF-8, else Shift_JIS (Japanese producers write raw
/// Shift_JIS font names), else Latin-1.
pub fn lenient_text(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if !had_errors {
        return decoded.into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ Latin-1).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from(c[0]) << 8 | u16::from(c.get(1).copied().unwrap_or(0)))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}
