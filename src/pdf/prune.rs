//! Objects kpi-extract never reads, dropped as soon as lopdf has parsed them.
//!
//! A tagged PDF carries a structure tree of tens of thousands of small dictionaries, and
//! most PDFs carry images and embedded font programs: keeping them parsed costs more memory
//! (and page faults) than reading the pages. The filter drops structure elements and XMP
//! metadata, and turns image and font-program streams into their bare dictionaries (an
//! XObject that is not a stream is skipped by the interpreter, as an image would be).

use std::cell::Cell;

use lopdf::{Dictionary, Object, ObjectId};

thread_local! {
    /// Objects parsed by the current load on this thread, kept or not (for the object
    /// limit, which must count what was parsed, not what was kept). lopdf calls the filter
    /// on the loading thread because its `rayon` feature is off; with it on, this would
    /// undercount and the limit would fall back to the objects kept.
    static PARSED: Cell<usize> = const { Cell::new(0) };
}

/// Resets the count of parsed objects before a load on this thread.
pub fn start_count() {
    PARSED.with(|n| n.set(0));
}

/// Objects parsed since [`start_count`] on this thread.
pub fn parsed_count() -> usize {
    PARSED.with(Cell::get)
}

/// lopdf's load filter: None drops the object; otherwise the object is reduced in place.
///
/// lopdf keeps the object in place for objects read directly from the file, but the returned
/// copy for objects read from an object stream (as its own example does, the copy is
/// `object.to_owned()`). Streams are never inside object streams, so they are returned as
/// `Null` instead of being copied.
pub fn keep(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    PARSED.with(|n| n.set(n.get().saturating_add(1)));
    match object {
        Object::Dictionary(d) if is_unread(d) => None,
        Object::Stream(s) if is_unread(&s.dict) => None,
        Object::Stream(s) => {
            if is_unread_stream(&s.dict) {
                let dict = std::mem::take(&mut s.dict);
                *object = Object::Dictionary(dict);
            }
            Some((id, Object::Null))
        }
        other => Some((id, other.clone())),
    }
}

fn name<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    dict.get(key).ok()?.as_name().ok()
}

/// Structure-tree nodes (their /Type is optional: an element is known by its /S name and
/// /P parent reference, an attribute object by its /O owner name), and XMP metadata.
fn is_unread(dict: &Dictionary) -> bool {
    match name(dict, b"Type") {
        Some(b"StructElem" | b"MCR" | b"OBJR" | b"Metadata") => true,
        Some(_) => false,
        None if dict.has(b"Subtype") => false,
        None => {
            let element = name(dict, b"S").is_some()
                && dict.get(b"P").is_ok_and(|p| p.as_reference().is_ok());
            let attributes = name(dict, b"O").is_some();
            element || attributes
        }
    }
}

/// Images and embedded font programs: their dictionaries may be looked at, their bytes never.
fn is_unread_stream(dict: &Dictionary) -> bool {
    let font_program = dict.has(b"Length1") || dict.has(b"Length2") || dict.has(b"Length3");
    font_program
        || matches!(
            name(dict, b"Subtype"),
            Some(b"Image" | b"Type1C" | b"CIDFontType0C" | b"OpenType")
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// What lopdf keeps: the object in place (read from the file), and for a non-stream
    /// the returned copy too (read from an object stream); both must agree.
    fn kept(object: Object) -> Option<Object> {
        let mut object = object;
        let (_, copy) = keep((1, 0), &mut object)?;
        if !matches!(object, Object::Stream(_)) && copy != Object::Null {
            assert_eq!(copy, object);
        }
        Some(object)
    }

    #[test]
    fn structure_elements_and_metadata_are_dropped() {
        start_count();
        assert!(kept(Object::Dictionary(dictionary! {"Type" => "StructElem"})).is_none());
        let untyped = dictionary! {"S" => "P", "P" => Object::Reference((4, 0)), "K" => 3};
        assert!(kept(Object::Dictionary(untyped)).is_none());
        let attributes = dictionary! {"O" => "Layout", "BlockAlign" => "Before"};
        assert!(kept(Object::Dictionary(attributes)).is_none());
        let xmp = Stream::new(dictionary! {"Type" => "Metadata"}, b"<x/>".to_vec());
        assert!(kept(Object::Stream(xmp)).is_none());
        assert_eq!(parsed_count(), 4);
    }

    #[test]
    fn images_and_font_programs_keep_only_their_dictionary() {
        let image = Stream::new(dictionary! {"Subtype" => "Image"}, vec![0; 64]);
        assert!(matches!(
            kept(Object::Stream(image)),
            Some(Object::Dictionary(_))
        ));
        let truetype = Stream::new(dictionary! {"Length1" => 64}, vec![0; 64]);
        assert!(matches!(
            kept(Object::Stream(truetype)),
            Some(Object::Dictionary(_))
        ));
    }

    #[test]
    fn pages_fonts_forms_and_contents_are_kept_whole() {
        let page = Object::Dictionary(dictionary! {"Type" => "Page"});
        assert_eq!(kept(page.clone()), Some(page));
        let form = Stream::new(dictionary! {"Subtype" => "Form"}, b"0 0 m".to_vec());
        assert!(
            matches!(kept(Object::Stream(form)), Some(Object::Stream(s)) if s.content == b"0 0 m")
        );
        // A link's action has /S but no parent; an annotation has /P but a /Subtype.
        let action = Object::Dictionary(dictionary! {"S" => "URI", "URI" => "x"});
        assert_eq!(kept(action.clone()), Some(action));
        let annot = dictionary! {"Subtype" => "Link", "P" => Object::Reference((3, 0)), "S" => "x"};
        assert!(kept(Object::Dictionary(annot)).is_some());
        let number = Object::Integer(7);
        assert_eq!(kept(number.clone()), Some(number));
    }
}
