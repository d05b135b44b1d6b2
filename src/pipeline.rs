//! The stages wired together, once: [`read`] (stage 1, each page laid out as it is
//! decoded), [`Read::lay_out`] (stage 2 across pages), [`LaidOut::records`] (stage 4).
//!
//! [`run`] chains the three and is what `kpi-extract extract` runs for each file (through
//! [`crate::batch`]); `inspect`, the benches and the tests call the same three steps and keep
//! what they want to look at ([`Keep::Pages`]). Every step works under the same limits and
//! checks the same deadline, so a file one path rejects, every path rejects.
//!
//! Stage 1's account is carried to the end: font and page warnings go into
//! [`Extraction::warnings`] (so into `document.json` and the manifest), and rows on a page
//! with undecodable text say so in `source.warnings`.

use std::time::Instant;

use crate::model::{Extraction, Layout, Page, Source};
use crate::{layout, pdf, records};

/// Options of the whole pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Stage 1 options (password, limits, deadline, page selection).
    pub pdf: pdf::Options,
    /// Stage 2 tolerances.
    pub layout: layout::Params,
}

/// Why one input produced no output.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Read(std::io::Error),
    /// Stage 1 rejected the PDF.
    #[error(transparent)]
    Pdf(pdf::PdfError),
    /// The per-file time budget ran out.
    #[error("time budget of {0:.0} s exceeded (raise it with --timeout)")]
    Timeout(f64),
    /// A stage panicked: a bug, reported instead of taking the batch down.
    #[error("internal error (panic) in {stage}: {message}")]
    Panic {
        /// Where it happened.
        stage: &'static str,
        /// The panic message.
        message: String,
    },
    /// Validation, encoding or writing failed.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    /// Every page failed and no record came out: there is nothing to write.
    #[error("no page could be read (page {page}: {error})")]
    NoReadablePage {
        /// The first page.
        page: u32,
        /// Its error.
        error: String,
    },
}

impl From<pdf::PdfError> for PipelineError {
    fn from(error: pdf::PdfError) -> PipelineError {
        PipelineError::Pdf(error)
    }
}

/// Extracts the records of one PDF given as bytes: [`read`], [`Read::lay_out`],
/// [`LaidOut::records`]. When `options.pdf.deadline` is set, the time budget is checked
/// inside stage 1 and between stages. A panic in a stage propagates (so tests can see it);
/// [`crate::batch`] is where panics are caught.
pub fn run(
    bytes: &[u8],
    stem: &str,
    options: &PipelineOptions,
) -> Result<Extraction, PipelineError> {
    run_with_account(bytes, stem, options).map(|(extraction, _)| extraction)
}

/// [`run`], also giving stage 1's account (what the manifest counts).
pub fn run_with_account(
    bytes: &[u8],
    stem: &str,
    options: &PipelineOptions,
) -> Result<(Extraction, ReadAccount), PipelineError> {
    let laid_out = read(bytes, options, Keep::Nothing)?.lay_out(options)?;
    Ok((laid_out.records(stem)?, laid_out.account))
}

/// Refuses a file of `size` bytes, before reading it, when it is larger than the whole
/// document's decompressed budget (`--max-document-bytes`).
pub fn check_size(size: u64, options: &PipelineOptions) -> Result<(), PipelineError> {
    let budget = options.pdf.limits.max_document_bytes;
    if usize::try_from(size).is_ok_and(|size| size <= budget) {
        return Ok(());
    }
    Err(PipelineError::Pdf(pdf::PdfError::Limit(format!(
        "file of {size} bytes is larger than --max-document-bytes {budget}"
    ))))
}

/// What [`read`] keeps besides each page's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: each page's glyphs are dropped once it is laid out (what `extract` does).
    Nothing,
    /// Every page as stage 1 gave it (glyphs, rulings), for inspection and drawing.
    Pages,
}

/// What stage 1 found wrong that did not stop it, counted per page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadAccount {
    /// Font and document warnings, then every page warning as `page N: …`, in page order.
    pub warnings: Vec<String>,
    /// Pages with glyphs shown as U+FFFD, with how many, in page order.
    pub undecoded: Vec<(u32, u64)>,
}

impl ReadAccount {
    /// Glyphs shown as U+FFFD in the whole document.
    pub fn undecoded_glyphs(&self) -> u64 {
        self.undecoded.iter().map(|(_, n)| n).sum()
    }

    fn note_page(&mut self, page: &Page) {
        for warning in &page.warnings {
            self.warnings
                .push(format!("page {}: {warning}", page.number));
        }
        let undecoded = page
            .glyphs
            .iter()
            .filter(|g| g.text.contains(char::REPLACEMENT_CHARACTER))
            .count() as u64;
        if undecoded > 0 {
            self.undecoded.push((page.number, undecoded));
        }
    }

    /// Why a row spanning `pages` may read wrong, one message per page with undecoded text.
    fn row_warnings(&self, pages: &[u32]) -> impl Iterator<Item = String> + '_ {
        let pages = pages.to_vec();
        self.undecoded
            .iter()
            .filter(move |(page, _)| pages.contains(page))
            .map(|(page, n)| {
                format!(
                    "page {page} has {n} character(s) that could not be decoded (shown as \
                     U+FFFD); this row's text may be wrong"
                )
            })
    }

    fn mark(&self, source: &mut Source) {
        let extra: Vec<String> = self.row_warnings(&source.pages).collect();
        source.warnings.extend(extra);
    }
}

/// Stage 1 done: every (selected) page decoded and laid out on its own.
#[derive(Debug)]
pub struct Read {
    /// Title, fonts and document warnings.
    pub info: pdf::DocumentInfo,
    /// The pages themselves, with [`Keep::Pages`]; empty otherwise.
    pub pages: Vec<Page>,
    /// Warnings and undecoded text, page by page.
    pub account: ReadAccount,
    parts: Vec<layout::PageParts>,
    clock: Clock,
}

/// Stage 2 done: the document's blocks in reading order.
#[derive(Debug)]
pub struct LaidOut {
    /// Title, fonts and document warnings.
    pub info: pdf::DocumentInfo,
    /// The pages, with [`Keep::Pages`]; empty otherwise.
    pub pages: Vec<Page>,
    /// Warnings and undecoded text, page by page.
    pub account: ReadAccount,
    /// The layout.
    pub layout: Layout,
    clock: Clock,
}

/// Decodes the (selected) pages one by one, laying each out as it comes, so that with
/// [`Keep::Nothing`] only one page's glyphs are alive at a time.
pub fn read(bytes: &[u8], options: &PipelineOptions, keep: Keep) -> Result<Read, PipelineError> {
    let clock = Clock::start(options.pdf.deadline);
    let mut reader = pdf::open(bytes, &options.pdf).map_err(|e| clock.pdf_error(e))?;
    let mut parts = Vec::with_capacity(reader.selected_pages());
    let mut pages = Vec::new();
    let mut account = ReadAccount::default();
    for page in reader.by_ref() {
        let page = page.map_err(|e| clock.pdf_error(e))?;
        account.note_page(&page);
        parts.push(layout::read_page(&page, &options.layout));
        if keep == Keep::Pages {
            pages.push(page);
        }
    }
    let info = reader.into_info();
    // Font warnings come first: they concern every page that uses the font.
    account.warnings.splice(0..0, info.warnings.iter().cloned());
    clock.check()?;
    Ok(Read {
        info,
        pages,
        account,
        parts,
        clock,
    })
}

impl Read {
    /// Joins the pages: running headers dropped, tables continued across pages.
    pub fn lay_out(self, options: &PipelineOptions) -> Result<LaidOut, PipelineError> {
        let layout = layout::assemble(self.parts, self.info.title.clone(), &options.layout);
        self.clock.check()?;
        Ok(LaidOut {
            info: self.info,
            pages: self.pages,
            account: self.account,
            layout,
            clock: self.clock,
        })
    }
}

impl LaidOut {
    /// The document tree and flat records of document `stem`, with stage 1's warnings.
    /// A document whose every page failed and gave nothing is an error, not an empty
    /// success.
    pub fn records(&self, stem: &str) -> Result<Extraction, PipelineError> {
        let mut extraction = records::build(&self.layout, stem);
        self.clock.check()?;
        let all_failed = extraction.kpis.is_empty()
            && extraction.pages > 0
            && extraction.page_errors.len() as u64 >= u64::from(extraction.pages);
        if let Some(first) = extraction.page_errors.first().filter(|_| all_failed) {
            return Err(PipelineError::NoReadablePage {
                page: first.page,
                error: first.error.clone(),
            });
        }
        carry_account(&mut extraction, &self.account);
        Ok(extraction)
    }
}

/// Stage 1's warnings into the document's, and onto the rows of pages with undecoded text.
fn carry_account(extraction: &mut Extraction, account: &ReadAccount) {
    extraction.warnings.extend(account.warnings.iter().cloned());
    if account.undecoded.is_empty() {
        return;
    }
    for record in &mut extraction.kpis {
        account.mark(&mut record.source);
    }
    let programs = extraction
        .goals
        .iter_mut()
        .flat_map(|g| &mut g.policies)
        .flat_map(|p| &mut p.subpolicies)
        .flat_map(|s| &mut s.measures)
        .flat_map(|m| &mut m.programs);
    for program in programs {
        account.mark(&mut program.source);
    }
}

/// The deadline of one run and the budget it stood for when the run started.
#[derive(Debug, Clone, Copy)]
struct Clock {
    deadline: Option<Instant>,
    budget_seconds: f64,
}

impl Clock {
    fn start(deadline: Option<Instant>) -> Clock {
        let budget_seconds = deadline.map_or(0.0, |d| {
            d.saturating_duration_since(Instant::now()).as_secs_f64()
        });
        Clock {
            deadline,
            budget_seconds,
        }
    }

    fn check(&self) -> Result<(), PipelineError> {
        match self.deadline {
            Some(d) if Instant::now() > d => Err(PipelineError::Timeout(self.budget_seconds)),
            _ => Ok(()),
        }
    }

    /// Stage 1's timeout says how long the budget was, like the checks between stages.
    fn pdf_error(&self, error: pdf::PdfError) -> PipelineError {
        match error {
            pdf::PdfError::Timeout => PipelineError::Timeout(self.budget_seconds),
            other => PipelineError::Pdf(other),
        }
    }
}
