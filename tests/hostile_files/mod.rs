//! Hostile PDFs, written by a tiny PDF writer: a flate bomb, a Form XObject that draws
//! itself, a page-tree cycle, an xref /Prev loop, a 100 000-deep array, 10 million
//! operators. Shared by the per-case tests and the batch test.

#![allow(dead_code)]

use flate2::write::ZlibEncoder;
use flate2::Compression;
use kpi_extract::pipeline::PipelineOptions;
use std::io::Write;

// ---------------------------------------------------------------------------
// A tiny PDF writer: numbered objects, a classic xref table, a trailer.
// ---------------------------------------------------------------------------

#[derive(Default)]
pub struct PdfWriter {
    objects: Vec<Vec<u8>>,
}

impl PdfWriter {
    /// Adds an object and returns its number.
    pub fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    /// A stream object body: `dict` without the /Length, which is added.
    pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        body
    }

    /// The file; `/Prev` pointing at its own xref when `prev_loop` is set.
    pub fn finish(&self, root: usize, prev_loop: bool) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let size = self.objects.len() + 1;
        out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        let prev = if prev_loop {
            format!(" /Prev {xref}")
        } else {
            String::new()
        };
        let trailer = format!(
            "trailer\n<< /Size {size} /Root {root} 0 R{prev} >>\nstartxref\n{xref}\n%%EOF\n"
        );
        out.extend_from_slice(trailer.as_bytes());
        out
    }
}

/// A one-page document: catalog 1, pages 2, page 3, font 4, then the given content stream
/// and extra page resources.
pub fn one_page(
    content: Vec<u8>,
    resources: &str,
    build: impl FnOnce(&mut PdfWriter),
) -> PdfWriter {
    let mut pdf = PdfWriter::default();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R \
         /Resources << /Font << /F1 4 0 R >> {resources} >> >>"
    ));
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf.add(content);
    build(&mut pdf);
    pdf
}

/// `bytes` zeros, deflated on the fly so that the input is never held in memory.
pub fn deflated_zeros(bytes: usize) -> Vec<u8> {
    let chunk = vec![0u8; 1 << 20];
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len());
        encoder.write_all(&chunk[..n]).expect("writing to memory");
        left -= n;
    }
    encoder.finish().expect("writing to memory")
}

pub fn deflated(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (hostile) Tj ET";

// ---------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------

/// 1 GiB of zeros as a content stream (about 1 MB compressed), read with a lowered
/// stream limit.
pub fn flate_bomb() -> (Vec<u8>, PipelineOptions) {
    let bomb = PdfWriter::stream("/Filter /FlateDecode", &deflated_zeros(1 << 30));
    let pdf = one_page(bomb, "", |_| {});
    let mut options = PipelineOptions::default();
    options.pdf.limits.max_stream_bytes = 8 << 20;
    options.pdf.limits.max_document_bytes = 32 << 20;
    (pdf.finish(1, false), options)
}

/// The same bomb read with the default limits (256 MiB per stream), under the child's
/// 1 GiB address-space cap.
pub fn flate_bomb_default_limits() -> (Vec<u8>, PipelineOptions) {
    let bomb = PdfWriter::stream("/Filter /FlateDecode", &deflated_zeros(1 << 30));
    let pdf = one_page(bomb, "", |_| {});
    (pdf.finish(1, false), PipelineOptions::default())
}

/// A Form XObject whose content draws itself, and a pair of forms that draw each other.
pub fn self_drawing_form() -> (Vec<u8>, PipelineOptions) {
    let mut content = TEXT.to_vec();
    content.extend_from_slice(b" /X Do /A Do");
    let page = PdfWriter::stream("", &content);
    let pdf = one_page(page, "/XObject << /X 6 0 R /A 7 0 R >>", |pdf| {
        let form = "/Type /XObject /Subtype /Form /BBox [0 0 100 100]";
        pdf.add(PdfWriter::stream(
            &format!("{form} /Resources << /XObject << /X 6 0 R >> >>"),
            b"/X Do",
        ));
        pdf.add(PdfWriter::stream(
            &format!("{form} /Resources << /XObject << /B 8 0 R >> >>"),
            b"/B Do",
        ));
        pdf.add(PdfWriter::stream(
            &format!("{form} /Resources << /XObject << /A 7 0 R >> >>"),
            b"/A Do",
        ));
    });
    (pdf.finish(1, false), PipelineOptions::default())
}

/// The page tree lists itself among its kids, and a second /Pages node points back.
pub fn page_tree_cycle() -> (Vec<u8>, PipelineOptions) {
    let mut pdf = PdfWriter::default();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>");
    pdf.add(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R \
         /Resources << /Font << /F1 4 0 R >> >> >>",
    );
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf.add(PdfWriter::stream("", TEXT));
    pdf.add("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 2 >>");
    (pdf.finish(1, false), PipelineOptions::default())
}

/// The trailer's /Prev points at the same xref section.
pub fn xref_prev_loop() -> (Vec<u8>, PipelineOptions) {
    let pdf = one_page(PdfWriter::stream("", TEXT), "", |_| {});
    (pdf.finish(1, true), PipelineOptions::default())
}

pub fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut text = vec![b'['; depth];
    text.extend(std::iter::repeat_n(b']', depth));
    text
}

/// A 100 000-deep array as an object the catalog points to.
pub fn deep_array_object() -> (Vec<u8>, PipelineOptions) {
    let mut pdf = PdfWriter::default();
    pdf.add("<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R \
         /Resources << /Font << /F1 4 0 R >> >> >>",
    );
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf.add(PdfWriter::stream("", TEXT));
    pdf.add(nested_arrays(100_000));
    (pdf.finish(1, false), PipelineOptions::default())
}

/// A 100 000-deep array as the operand of TJ in the content stream.
pub fn deep_array_in_content() -> (Vec<u8>, PipelineOptions) {
    let mut content = b"BT /F1 12 Tf 72 720 Td ".to_vec();
    content.extend(nested_arrays(100_000));
    content.extend_from_slice(b" TJ ET");
    let stream = PdfWriter::stream("/Filter /FlateDecode", &deflated(&content));
    (
        one_page(stream, "", |_| {}).finish(1, false),
        PipelineOptions::default(),
    )
}

/// Ten million operators (`n`, end path) on one page, read with a lowered operator limit.
pub fn ten_million_operators() -> (Vec<u8>, PipelineOptions) {
    let mut content = TEXT.to_vec();
    content.extend(b"\nn".iter().copied().cycle().take(20_000_000));
    let stream = PdfWriter::stream("/Filter /FlateDecode", &deflated(&content));
    let mut options = PipelineOptions::default();
    options.pdf.limits.max_operators_per_page = 100_000;
    (one_page(stream, "", |_| {}).finish(1, false), options)
}

/// A case: the file and the options it is read with.
pub type Case = fn() -> (Vec<u8>, PipelineOptions);

/// Every case by name.
pub const CASES: [(&str, Case); 8] = [
    ("flate-bomb", flate_bomb),
    ("flate-bomb-default-limits", flate_bomb_default_limits),
    ("self-drawing-form", self_drawing_form),
    ("page-tree-cycle", page_tree_cycle),
    ("xref-prev-loop", xref_prev_loop),
    ("deep-array-object", deep_array_object),
    ("deep-array-in-content", deep_array_in_content),
    ("ten-million-operators", ten_million_operators),
];
