//! `kpi-extract inspect`: dump any stage boundary of the pipeline.
//!
//! It runs the same steps as `extract` ([`pipeline::read`], [`pipeline::Read::lay_out`],
//! [`pipeline::LaidOut::records`]) under the same limits, deadline and page selection,
//! keeping the pages to show them: a file `extract` rejects, `inspect` rejects too.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kpi_extract::model::{Page, PdfDocument};
use kpi_extract::pipeline::{self, Keep, PipelineOptions};
use kpi_extract::{layout, output};

use super::read_args::ReadArgs;

/// Which stage boundary to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// Stage 1: every glyph with its box, size and font, and the ruling segments (JSON).
    Glyphs,
    /// Stage 1: each page's text in reading order, one line of print per line.
    Text,
    /// Stage 2: lines with their boxes (JSON).
    Lines,
    /// Stage 2: headings, paragraphs and tables in reading order (JSON).
    Blocks,
    /// Stage 4: the document tree and flat KPI records (JSON), validated as `extract` does.
    Records,
}

/// Arguments of `kpi-extract inspect`.
///
/// Example: `kpi-extract inspect report.pdf --stage blocks --pages 2`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to inspect (`-` reads it from standard input).
    pub file: PathBuf,
    /// The stage boundary to print.
    #[arg(long, value_enum, default_value = "text")]
    pub stage: Stage,
    /// Also write one SVG per page (glyph boxes, rulings, cells, blocks) into this folder.
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// Password, time budget, page selection and resource limits, as for `extract`.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    match inspect(&args) {
        Ok(text) => {
            super::print_stdout(&text);
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(format!("{}: {e}", args.file.display())),
    }
}

fn inspect(args: &Args) -> Result<String, String> {
    let mut options = args.read.pipeline_options();
    let bytes = read_input(&args.file, &options)?;
    options.pdf.deadline = args.read.timeout().map(|t| Instant::now() + t);
    let wants_pages =
        args.svg.is_some() || matches!(args.stage, Stage::Glyphs | Stage::Text | Stage::Lines);
    let keep = if wants_pages {
        Keep::Pages
    } else {
        Keep::Nothing
    };
    let read = pipeline::read(&bytes, &options, keep).map_err(|e| e.to_string())?;
    let needs_layout = args.svg.is_some() || matches!(args.stage, Stage::Blocks | Stage::Records);
    if !needs_layout {
        return show_pages(args.stage, read.pages, read.info, &options.layout);
    }
    let laid_out = read.lay_out(&options).map_err(|e| e.to_string())?;
    if let Some(dir) = &args.svg {
        let extraction = laid_out
            .records(&stem_of(&args.file))
            .map_err(|e| e.to_string())?;
        write_svgs(dir, &laid_out, &extraction, &options.layout)?;
    }
    match args.stage {
        Stage::Blocks => to_json(&laid_out.layout),
        Stage::Records => records_json(&laid_out, &stem_of(&args.file)),
        stage => show_pages(stage, laid_out.pages, laid_out.info, &options.layout),
    }
}

/// What stage 1 gave: the glyphs (with the document's fonts), the text or the lines.
fn show_pages(
    stage: Stage,
    pages: Vec<Page>,
    info: kpi_extract::pdf::DocumentInfo,
    params: &layout::Params,
) -> Result<String, String> {
    match stage {
        Stage::Text => Ok(page_texts(&pages, params)),
        Stage::Lines => lines_json(&pages, params),
        _ => to_json(&PdfDocument {
            pages,
            fonts: info.fonts,
            title: info.title,
            warnings: info.warnings,
        }),
    }
}

/// The file's bytes (standard input for `-`), refused unread over the document budget.
fn read_input(path: &Path, options: &PipelineOptions) -> Result<Vec<u8>, String> {
    if path.as_os_str() == kpi_extract::batch::STDIN_ARGUMENT {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| e.to_string())?;
        pipeline::check_size(bytes.len() as u64, options).map_err(|e| e.to_string())?;
        return Ok(bytes);
    }
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    pipeline::check_size(size, options).map_err(|e| e.to_string())?;
    std::fs::read(path).map_err(|e| e.to_string())
}

/// The document's stem in the records, as `extract` names it.
fn stem_of(path: &Path) -> String {
    if path.as_os_str() == kpi_extract::batch::STDIN_ARGUMENT {
        return "stdin".into();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The records, refused when they would not pass `extract`'s validation.
fn records_json(laid_out: &pipeline::LaidOut, stem: &str) -> Result<String, String> {
    let extraction = laid_out.records(stem).map_err(|e| e.to_string())?;
    output::validated_values(&extraction).map_err(|e| e.to_string())?;
    let value = serde_json::json!({"document": &extraction, "kpis": &extraction.kpis});
    to_json(&value)
}

fn lines_json(pages: &[Page], params: &layout::Params) -> Result<String, String> {
    let lines: Vec<_> = pages
        .iter()
        .flat_map(|p| layout::page_lines(p, params))
        .collect();
    to_json(&lines)
}

fn page_texts(pages: &[Page], params: &layout::Params) -> String {
    let mut out = String::new();
    for page in pages {
        out.push_str(&format!("=== page {} ===\n", page.number));
        if let Some(e) = &page.error {
            out.push_str(&format!("(error: {e})\n"));
        }
        for line in layout::page_lines(page, params) {
            out.push_str(&line.text);
            out.push('\n');
        }
    }
    out
}

/// One SVG per wanted page, with the records built from the layout outlined.
fn write_svgs(
    dir: &Path,
    laid_out: &pipeline::LaidOut,
    extraction: &kpi_extract::model::Extraction,
    params: &layout::Params,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for page in &laid_out.pages {
        let svg = layout::svg::page_svg_with(page, &laid_out.layout, Some(extraction), params);
        let path = dir.join(format!("page-{:03}.svg", page.number));
        std::fs::write(&path, svg).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}
