//! Hostile PDFs, written by a tiny PDF writer here: a flate bomb, a Form XObject that draws
//! itself, a page-tree cycle, an xref /Prev loop, a 100 000-deep array, 10 million
//! operators. Each must end in bounded time with output or an error, never a panic or a
//! hang.
//!
//! Each case runs in a child process (this test binary, re-run on that one test) so that
//! what a thread cannot survive is still reported as that case's failure: a hang (the
//! child is killed after a timeout), a stack overflow or an allocation beyond a memory cap
//! (the child aborts). On Unix the child's address space is capped with `ulimit -v`.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use kpi_extract::pipeline::{self, PipelineOptions};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that tells a child which case to run.
const CHILD_ENV: &str = "KPI_HOSTILE_CASE";
/// Generous: debug builds on a shared two-core machine.
const TIMEOUT: Duration = Duration::from_secs(120);
/// Address-space cap of a child, in KiB (1 GiB): a reader that inflates the whole bomb,
/// or tokenises every operator up front, fails here instead of swapping the machine.
const MEMORY_CAP_KIB: u64 = 1 << 20;

// ---------------------------------------------------------------------------
// A tiny PDF writer: numbered objects, a classic xref table, a trailer.
// ---------------------------------------------------------------------------

#[derive(Default)]
struct PdfWriter {
    objects: Vec<Vec<u8>>,
}

impl PdfWriter {
    /// Adds an object and returns its number.
    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    /// A stream object body: `dict` without the /Length, which is added.
    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        body
    }

    /// The file; `/Prev` pointing at its own xref when `prev_loop` is set.
    fn finish(&self, root: usize, prev_loop: bool) -> Vec<u8> {
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
fn one_page(content: Vec<u8>, resources: &str, build: impl FnOnce(&mut PdfWriter)) -> PdfWriter {
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
fn deflated_zeros(bytes: usize) -> Vec<u8> {
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

fn deflated(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (hostile) Tj ET";

// ---------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------

/// 1 GiB of zeros as a content stream (about 1 MB compressed), read with a lowered
/// stream limit.
fn flate_bomb() -> (Vec<u8>, PipelineOptions) {
    let bomb = PdfWriter::stream("/Filter /FlateDecode", &deflated_zeros(1 << 30));
    let pdf = one_page(bomb, "", |_| {});
    let mut options = PipelineOptions::default();
    options.pdf.limits.max_stream_bytes = 8 << 20;
    options.pdf.limits.max_document_bytes = 32 << 20;
    (pdf.finish(1, false), options)
}

/// The same bomb read with the default limits (256 MiB per stream), under the child's
/// 1 GiB address-space cap.
fn flate_bomb_default_limits() -> (Vec<u8>, PipelineOptions) {
    let bomb = PdfWriter::stream("/Filter /FlateDecode", &deflated_zeros(1 << 30));
    let pdf = one_page(bomb, "", |_| {});
    (pdf.finish(1, false), PipelineOptions::default())
}

/// A Form XObject whose content draws itself, and a pair of forms that draw each other.
fn self_drawing_form() -> (Vec<u8>, PipelineOptions) {
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
fn page_tree_cycle() -> (Vec<u8>, PipelineOptions) {
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
fn xref_prev_loop() -> (Vec<u8>, PipelineOptions) {
    let pdf = one_page(PdfWriter::stream("", TEXT), "", |_| {});
    (pdf.finish(1, true), PipelineOptions::default())
}

fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut text = vec![b'['; depth];
    text.extend(std::iter::repeat_n(b']', depth));
    text
}

/// A 100 000-deep array as an object the catalog points to.
fn deep_array_object() -> (Vec<u8>, PipelineOptions) {
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
fn deep_array_in_content() -> (Vec<u8>, PipelineOptions) {
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
fn ten_million_operators() -> (Vec<u8>, PipelineOptions) {
    let mut content = TEXT.to_vec();
    content.extend(b"\nn".iter().copied().cycle().take(20_000_000));
    let stream = PdfWriter::stream("/Filter /FlateDecode", &deflated(&content));
    let mut options = PipelineOptions::default();
    options.pdf.limits.max_operators_per_page = 100_000;
    (one_page(stream, "", |_| {}).finish(1, false), options)
}

// ---------------------------------------------------------------------------
// Running a case in a child process.
// ---------------------------------------------------------------------------

/// In the child: build the file, run the pipeline, print the outcome.
fn run_in_child(name: &str, case: fn() -> (Vec<u8>, PipelineOptions)) {
    let started = Instant::now();
    let (bytes, mut options) = case();
    let built = started.elapsed();
    options.pdf.deadline = Some(Instant::now() + TIMEOUT / 2);
    let outcome = match pipeline::run(&bytes, name, &options) {
        Ok(extraction) => format!("output, {} pages", extraction.pages),
        Err(e) => {
            assert!(
                !e.to_string().trim().is_empty(),
                "an error without a message"
            );
            format!("error: {e}")
        }
    };
    println!(
        "outcome of {name} ({} bytes, built in {built:.1?}, read in {:.1?}): {outcome}",
        bytes.len(),
        started.elapsed() - built
    );
}

fn child_command(name: &str) -> Command {
    let exe = std::env::current_exe().expect("the test binary's path");
    let test_args = [name, "--exact", "--nocapture", "--test-threads=1"];
    let mut command = if cfg!(unix) {
        let mut sh = Command::new("sh");
        let script = format!("ulimit -v {MEMORY_CAP_KIB} 2>/dev/null; exec \"$0\" \"$@\"");
        sh.arg("-c").arg(script).arg(exe).args(test_args);
        sh
    } else {
        let mut direct = Command::new(exe);
        direct.args(test_args);
        direct
    };
    command.env(CHILD_ENV, name);
    command
}

/// In the parent: runs the case in a child, kills it after the timeout, and fails with
/// its output when it did not end well.
fn isolated(name: &str, case: fn() -> (Vec<u8>, PipelineOptions)) {
    if std::env::var(CHILD_ENV).as_deref() == Ok(name) {
        return run_in_child(name, case);
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = child_command(name)
        .stdout(Stdio::from(
            std::fs::File::create(&out_path).expect("stdout file"),
        ))
        .stderr(Stdio::from(
            std::fs::File::create(&err_path).expect("stderr file"),
        ))
        .spawn()
        .expect("the test binary starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let report = format!("--- stdout\n{stdout}\n--- stderr\n{stderr}");
    match status {
        None => panic!("{name}: no result after {TIMEOUT:?} (a hang)\n{report}"),
        Some(status) if !status.success() => {
            panic!("{name}: the reader failed ({status})\n{report}")
        }
        Some(_) => {
            // libtest prints `test NAME ... ` before the case's own line.
            let outcome = stdout
                .lines()
                .find_map(|l| l.find("outcome of").map(|at| &l[at..]));
            let outcome =
                outcome.unwrap_or_else(|| panic!("{name}: the case did not run\n{report}"));
            eprintln!("{outcome}");
        }
    }
}

#[test]
fn hostile_flate_bomb() {
    isolated("hostile_flate_bomb", flate_bomb);
}

#[test]
fn hostile_flate_bomb_default_limits() {
    isolated(
        "hostile_flate_bomb_default_limits",
        flate_bomb_default_limits,
    );
}

#[test]
fn hostile_self_drawing_form() {
    isolated("hostile_self_drawing_form", self_drawing_form);
}

#[test]
fn hostile_page_tree_cycle() {
    isolated("hostile_page_tree_cycle", page_tree_cycle);
}

#[test]
fn hostile_xref_prev_loop() {
    isolated("hostile_xref_prev_loop", xref_prev_loop);
}

#[test]
fn hostile_deep_array_object() {
    isolated("hostile_deep_array_object", deep_array_object);
}

#[test]
fn hostile_deep_array_in_content() {
    isolated("hostile_deep_array_in_content", deep_array_in_content);
}

#[test]
fn hostile_ten_million_operators() {
    isolated("hostile_ten_million_operators", ten_million_operators);
}

#[test]
fn the_writer_makes_a_well_formed_file() {
    let bytes = one_page(PdfWriter::stream("", TEXT), "", |_| {}).finish(1, false);
    // The binary comment of the header is not UTF-8: work on bytes.
    let tail = std::str::from_utf8(&bytes[15..]).expect("ASCII after the header");
    let xref: usize = tail
        .lines()
        .rev()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .expect("startxref");
    assert!(bytes[xref..].starts_with(b"xref\n0 6\n"));
    let table = std::str::from_utf8(&bytes[xref..]).expect("ASCII xref");
    // Every xref entry points at its object's header.
    for (i, line) in table.lines().skip(3).take(5).enumerate() {
        let offset: usize = line[..10].parse().expect("an offset");
        let header = format!("{} 0 obj", i + 1);
        assert!(
            bytes[offset..].starts_with(header.as_bytes()),
            "object {}",
            i + 1
        );
    }
}
