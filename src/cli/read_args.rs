//! Options shared by `extract` and `inspect`: how a PDF is read (password, time budget,
//! page selection, resource limits), so both read a file under the same rules.

use std::time::Duration;

use kpi_extract::pdf::{self, PageRanges};
use kpi_extract::pipeline::PipelineOptions;

/// How to read each PDF.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Time budget per file in seconds (0: no limit); a file over budget fails with a
    /// timeout (in a batch, the other files go on).
    ///
    /// Example: `--timeout 60`
    #[arg(long, value_name = "SECS", default_value_t = 300.0, value_parser = parse_seconds)]
    pub timeout: f64,

    /// Password for encrypted PDFs (the empty user password is always tried).
    ///
    /// Example: `--password s3cret`
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,

    /// Only these pages (1-based, comma-separated ranges); the others are not read.
    ///
    /// A file with none of them fails. The manifest's `pages` counts the pages read.
    /// Example: `--pages 3-5,8` or `--pages 10-`
    #[arg(long, alias = "page", value_name = "RANGES")]
    pub pages: Option<PageRanges>,

    /// Largest decompressed size of one PDF stream, in bytes (suffixes K, M, G).
    ///
    /// Example: `--max-stream-bytes 512M`
    #[arg(long, value_name = "SIZE", value_parser = parse_size,
          default_value_t = pdf::Limits::default().max_stream_bytes)]
    pub max_stream_bytes: usize,

    /// Largest decompressed size of all streams of one PDF, in bytes (suffixes K, M, G).
    ///
    /// Example: `--max-document-bytes 4G`
    #[arg(long, value_name = "SIZE", value_parser = parse_size,
          default_value_t = pdf::Limits::default().max_document_bytes)]
    pub max_document_bytes: usize,

    /// Most objects in one PDF.
    ///
    /// Example: `--max-objects 5000000`
    #[arg(long, value_name = "N", default_value_t = pdf::Limits::default().max_objects)]
    pub max_objects: usize,

    /// Most content-stream operators on one page.
    ///
    /// Example: `--max-operators-per-page 20000000`
    #[arg(long, value_name = "N",
          default_value_t = pdf::Limits::default().max_operators_per_page)]
    pub max_operators_per_page: usize,

    /// Deepest nesting of Form XObjects.
    ///
    /// Example: `--max-form-depth 64`
    #[arg(long, value_name = "N", default_value_t = pdf::Limits::default().max_form_depth)]
    pub max_form_depth: usize,

    /// Most glyphs on one page.
    ///
    /// Example: `--max-glyphs-per-page 2000000`
    #[arg(long, value_name = "N", default_value_t = pdf::Limits::default().max_glyphs_per_page)]
    pub max_glyphs_per_page: usize,
}

impl ReadArgs {
    /// Stage options from the flags (the deadline is set per file, from [`Self::timeout`]).
    pub fn pipeline_options(&self) -> PipelineOptions {
        let mut options = PipelineOptions::default();
        options.pdf.password = self.password.clone();
        options.pdf.pages = self.pages.clone();
        options.pdf.limits = pdf::Limits {
            max_stream_bytes: self.max_stream_bytes,
            max_document_bytes: self.max_document_bytes,
            max_objects: self.max_objects,
            max_operators_per_page: self.max_operators_per_page,
            max_form_depth: self.max_form_depth,
            max_glyphs_per_page: self.max_glyphs_per_page,
        };
        options
    }

    /// The per-file budget; None for no limit.
    pub fn timeout(&self) -> Option<Duration> {
        (self.timeout > 0.0).then(|| Duration::from_secs_f64(self.timeout))
    }
}

/// Parses a byte size: `1048576`, `64K`, `256M`, `2G` (binary multiples, `KiB`/`MB` too).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, suffix) = t.split_at(digits_end);
    let number: usize = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size (examples: 1048576, 64K, 256M, 2G)"))?;
    let shift = match suffix.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("{text:?}: unknown size suffix (use K, M or G)")),
    };
    number
        .checked_mul(1usize << shift)
        .ok_or_else(|| format!("{text:?} is too large"))
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if (0.0..1e9).contains(&s) => Ok(s),
        _ => Err(format!(
            "{text:?} is not a number of seconds (example: 300)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("256 MiB"), Ok(256 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn seconds_must_be_finite_and_non_negative() {
        assert_eq!(parse_seconds("0"), Ok(0.0));
        assert_eq!(parse_seconds("2.5"), Ok(2.5));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("inf").is_err());
    }
}
