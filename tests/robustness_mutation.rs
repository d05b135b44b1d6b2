//! Seeded, deterministic mutations of the bundled PDFs (byte flips, truncation, a deleted
//! xref, duplicated objects, swapped or absurd /Length values) through the whole pipeline,
//! in process: every case must end without a panic, in output or an error with a message.
//!
//! A failing case is named by its file, mutation and seed, so it can be replayed with
//! `MUTATION_CASE=<file>:<index> cargo test --test robustness_mutation -- --nocapture`.

use kpi_extract::pipeline::{self, PipelineOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Cases per file: about 300 over the 20 bundled PDFs.
const CASES_PER_FILE: u64 = 15;
/// Stop starting new cases after this long (debug builds on a shared machine); the cases
/// run are always the same prefix of the same sequence.
const TIME_BUDGET: Duration = Duration::from_secs(90);
/// Per-case budget passed to the pipeline, so one slow mutant cannot stall the run.
const CASE_DEADLINE: Duration = Duration::from_secs(5);

/// xorshift64*: small, deterministic, good enough to pick offsets.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-ish in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// XORs 1 to 8 random bytes with random non-zero masks.
fn flip_bytes(mut bytes: Vec<u8>, rng: &mut Rng) -> (Vec<u8>, String) {
    let n = 1 + rng.below(8);
    let mut at = Vec::new();
    for _ in 0..n {
        let i = rng.below(bytes.len());
        bytes[i] ^= 1 + rng.below(255) as u8;
        at.push(i);
    }
    (bytes, format!("flip bytes at {at:?}"))
}

fn truncate(mut bytes: Vec<u8>, rng: &mut Rng) -> (Vec<u8>, String) {
    let at = rng.below(bytes.len());
    bytes.truncate(at);
    (bytes, format!("truncate at {at}"))
}

/// Removes the last classic xref table (up to `trailer`), or scrambles the `startxref`
/// offset when the file uses an xref stream.
fn delete_xref(mut bytes: Vec<u8>, rng: &mut Rng) -> (Vec<u8>, String) {
    let table = find_all(&bytes, b"\nxref").last().copied();
    if let Some(start) = table {
        if let Some(end) = find_from(&bytes, b"trailer", start) {
            bytes.drain(start + 1..end);
            return (bytes, format!("delete xref table at {start}"));
        }
    }
    match find_all(&bytes, b"startxref").last() {
        Some(&at) => {
            let digits = at + b"startxref".len() + 1;
            for i in digits..(digits + 4).min(bytes.len()) {
                bytes[i] = b'0' + rng.below(10) as u8;
            }
            (bytes, format!("scramble startxref at {at}"))
        }
        None => truncate(bytes, rng),
    }
}

/// Inserts a copy of a random `N 0 obj … endobj` right after the original.
fn duplicate_object(mut bytes: Vec<u8>, rng: &mut Rng) -> (Vec<u8>, String) {
    let starts = find_all(&bytes, b" 0 obj");
    if starts.is_empty() {
        return flip_bytes(bytes, rng);
    }
    let pick = starts[rng.below(starts.len())];
    let begin = bytes[..pick]
        .iter()
        .rposition(|b| *b == b'\n' || *b == b'\r')
        .map_or(0, |i| i + 1);
    let Some(end) = find_from(&bytes, b"endobj", pick).map(|e| e + b"endobj".len()) else {
        return flip_bytes(bytes, rng);
    };
    let mut copy = b"\n".to_vec();
    copy.extend_from_slice(&bytes[begin..end]);
    bytes.splice(end..end, copy);
    (bytes, format!("duplicate object at {begin}..{end}"))
}

/// The digit runs that follow `/Length`.
fn length_values(bytes: &[u8]) -> Vec<(usize, usize)> {
    find_all(bytes, b"/Length")
        .into_iter()
        .filter_map(|at| {
            let mut i = at + b"/Length".len();
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            (i > start).then_some((start, i))
        })
        .collect()
}

/// Swaps two different /Length values, or sets one to an absurd number when they are
/// all equal.
fn swap_lengths(mut bytes: Vec<u8>, rng: &mut Rng) -> (Vec<u8>, String) {
    let lengths = length_values(&bytes);
    if lengths.is_empty() {
        return flip_bytes(bytes, rng);
    }
    let n = lengths.len();
    let a = rng.below(n);
    let b = (a + 1 + rng.below(n.saturating_sub(1))) % n;
    let ((s1, e1), (s2, e2)) = (lengths[a.min(b)], lengths[a.max(b)]);
    let (first, second) = (bytes[s1..e1].to_vec(), bytes[s2..e2].to_vec());
    if first == second {
        bytes.splice(s1..e1, b"999999999".iter().copied());
        return (bytes, format!("absurd /Length at {s1}"));
    }
    bytes.splice(s2..e2, first);
    bytes.splice(s1..e1, second);
    (bytes, format!("swap /Length at {s1} and {s2}"))
}

type Mutation = fn(Vec<u8>, &mut Rng) -> (Vec<u8>, String);

const MUTATIONS: [Mutation; 5] = [
    flip_bytes,
    truncate,
    delete_xref,
    duplicate_object,
    swap_lengths,
];

fn pdfs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("corpus")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))),
        );
    }
    files.sort();
    files
}

/// The mutant of `original` for case `index` of file `file_index`.
fn mutant(original: &[u8], file_index: u64, index: u64) -> (Vec<u8>, String) {
    let mut rng = Rng::new(file_index << 32 | index);
    let mutation = MUTATIONS[(index as usize) % MUTATIONS.len()];
    mutation(original.to_vec(), &mut rng)
}

/// How a case ended.
enum Ending {
    Output,
    Error,
    Failure(String),
}

/// Runs one case.
fn run_case(bytes: &[u8]) -> Ending {
    let mut options = PipelineOptions::default();
    options.pdf.deadline = Some(Instant::now() + CASE_DEADLINE);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pipeline::run(bytes, "mutant", &options)
    }));
    match outcome {
        Ok(Ok(_)) => Ending::Output,
        Ok(Err(e)) if e.to_string().trim().is_empty() => {
            Ending::Failure("an error without a message".into())
        }
        Ok(Err(_)) => Ending::Error,
        Err(panic) => Ending::Failure(panic_message(&panic)),
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    format!("panicked: {text}")
}

/// `MUTATION_CASE=<file name>:<index>` replays one case.
fn selected_case() -> Option<(String, u64)> {
    let spec = std::env::var("MUTATION_CASE").ok()?;
    let (file, index) = spec.rsplit_once(':')?;
    Some((file.to_string(), index.parse().ok()?))
}

#[test]
fn mutated_pdfs_never_panic() {
    let started = Instant::now();
    let only = selected_case();
    let (mut run, mut errors, mut failures) = (0, 0, Vec::new());
    for (file_index, path) in pdfs().iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let original = std::fs::read(path).expect("bundled fixture is readable");
        for index in 0..CASES_PER_FILE {
            if only
                .as_ref()
                .is_some_and(|(f, i)| *f != name || *i != index)
            {
                continue;
            }
            if only.is_none() && started.elapsed() > TIME_BUDGET {
                break;
            }
            let (bytes, what) = mutant(&original, file_index as u64, index);
            // Printed first: a stack overflow aborts the process before the report.
            eprintln!("case {name}:{index}: {what}");
            match run_case(&bytes) {
                Ending::Output => {}
                Ending::Error => errors += 1,
                Ending::Failure(problem) => {
                    failures.push(format!("{name}:{index} ({what}): {problem}"))
                }
            }
            run += 1;
        }
    }
    eprintln!(
        "{run} mutated cases in {:.1?}: {errors} clear errors, {} outputs",
        started.elapsed(),
        run - errors - failures.len()
    );
    assert!(run > 0, "no case ran");
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn mutations_are_deterministic_and_change_the_file() {
    let original = std::fs::read(&pdfs()[0]).expect("a bundled PDF");
    for index in 0..MUTATIONS.len() as u64 {
        let (a, what_a) = mutant(&original, 0, index);
        let (b, what_b) = mutant(&original, 0, index);
        assert!(
            a == b && what_a == what_b,
            "mutation {index} is not deterministic"
        );
        assert!(a != original, "mutation {index} ({what_a}) changed nothing");
    }
}
