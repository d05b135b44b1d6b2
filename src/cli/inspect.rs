//! `kpi-extract inspect`: dump any stage boundary of the pipeline.

use std::path::PathBuf;
use std::process::ExitCode;

use kpi_extract::{layout, pdf, records};

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
    /// Stage 4: the document tree and flat KPI records (JSON).
    Records,
}

/// Arguments of `kpi-extract inspect`.
///
/// Example: `kpi-extract inspect report.pdf --stage blocks --page 2`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to inspect.
    pub file: PathBuf,
    /// The stage boundary to print.
    #[arg(long, value_enum, default_value = "text")]
    pub stage: Stage,
    /// Only this page (1-based); stages glyphs, text, lines and blocks.
    #[arg(long)]
    pub page: Option<u32>,
    /// Also write one SVG per page (glyph boxes, rulings, cells, blocks) into this folder.
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// Password for an encrypted PDF.
    #[arg(long)]
    pub password: Option<String>,
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
    let bytes = std::fs::read(&args.file).map_err(|e| e.to_string())?;
    let options = pdf::Options {
        password: args.password.clone(),
        ..Default::default()
    };
    let mut doc = pdf::extract(&bytes, &options).map_err(|e| e.to_string())?;
    let params = layout::Params::default();
    let wanted = |n: u32| args.page.is_none_or(|p| p == n);
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(dir) = &args.svg {
        write_svgs(dir, &doc, &stem, &params, &wanted)?;
    }
    if args.stage == Stage::Records {
        let extraction = records::build(&layout::analyze(&doc, &params), &stem);
        let value = serde_json::json!({"document": &extraction, "kpis": &extraction.kpis});
        return to_json(&value);
    }
    if let Some(p) = args.page {
        if p == 0 || p as usize > doc.pages.len() {
            return Err(format!(
                "no page {p} (the document has {})",
                doc.pages.len()
            ));
        }
        doc.pages.retain(|page| page.number == p);
    }
    match args.stage {
        Stage::Glyphs => to_json(&doc),
        Stage::Text => Ok(page_texts(&doc, &params)),
        Stage::Lines => {
            let lines: Vec<_> = doc
                .pages
                .iter()
                .flat_map(|p| layout::page_lines(p, &params))
                .collect();
            to_json(&lines)
        }
        Stage::Blocks => to_json(&layout::analyze(&doc, &params)),
        Stage::Records => unreachable!("handled above"),
    }
}

fn page_texts(doc: &kpi_extract::model::PdfDocument, params: &layout::Params) -> String {
    let mut out = String::new();
    for page in &doc.pages {
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
    dir: &std::path::Path,
    doc: &kpi_extract::model::PdfDocument,
    stem: &str,
    params: &layout::Params,
    wanted: &dyn Fn(u32) -> bool,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let analysed = layout::analyze(doc, params);
    let extraction = records::build(&analysed, stem);
    for page in doc.pages.iter().filter(|p| wanted(p.number)) {
        let svg = layout::svg::page_svg_with(page, &analysed, Some(&extraction), params);
        let path = dir.join(format!("page-{:03}.svg", page.number));
        std::fs::write(&path, svg).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}
