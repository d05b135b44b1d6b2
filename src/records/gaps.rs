//! Rows next to a page that could not be read say so in `source.warnings`.
//!
//! A failed page is empty in the layout, so the rows around it may be wrong in two ways: the
//! last row before it may continue on it (its text is cut), and the rows read after it may
//! miss headings or continued text printed on it. Rows further away are not affected.

use crate::model::PageError;

use super::ProgramOut;

/// Adds a warning to every program (in document order) that touches a failed page.
pub(super) fn mark(programs: &mut [ProgramOut], failed: &[PageError]) {
    for failure in failed {
        let message = format!(
            "page {} could not be read ({}); this row is next to it and may be incomplete \
             or under the wrong heading",
            failure.page, failure.error
        );
        for i in affected(programs, failure.page) {
            programs[i].source.warnings.push(message.clone());
        }
    }
}

/// Indices of the programs affected by failed page `page`.
fn affected(programs: &[ProgramOut], page: u32) -> Vec<usize> {
    let span = |p: &ProgramOut| {
        let first = p.source.page;
        let last = p.source.pages.iter().copied().max().unwrap_or(first);
        (first, last)
    };
    let mut out: Vec<usize> = (0..programs.len())
        .filter(|&i| {
            let (first, last) = span(&programs[i]);
            let spans_gap = first < page && page < last;
            let read_after_gap = first == page.saturating_add(1);
            spans_gap || read_after_gap
        })
        .collect();
    // The last row ending just before the gap may continue on it.
    if let Some(before) = programs.iter().rposition(|p| span(p).1 + 1 == page) {
        out.push(before);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Program, Source};
    use crate::records::hierarchy::Context;

    fn program(pages: &[u32]) -> ProgramOut {
        ProgramOut {
            context: Context::default(),
            level: Level::Program,
            program: Some(Program {
                name: format!("p{pages:?}"),
                department: None,
                status: None,
                summary: String::new(),
            }),
            kpis: Vec::new(),
            source: Source {
                page: pages[0],
                pages: pages.to_vec(),
                bbox: [0.0; 4],
                warnings: Vec::new(),
            },
        }
    }

    fn warned(programs: &[ProgramOut]) -> Vec<bool> {
        programs
            .iter()
            .map(|p| !p.source.warnings.is_empty())
            .collect()
    }

    #[test]
    fn marks_the_last_row_before_and_the_rows_after_a_failed_page() {
        let mut programs: Vec<ProgramOut> = [&[2][..], &[2], &[2], &[4], &[4, 5], &[5]]
            .iter()
            .map(|p| program(p))
            .collect();
        let failed = [PageError {
            page: 3,
            error: "content stream could not be decoded".into(),
        }];
        mark(&mut programs, &failed);
        assert_eq!(warned(&programs), [false, false, true, true, true, false]);
        let message = &programs[2].source.warnings[0];
        assert!(message.contains("page 3") && message.contains("could not be decoded"));
    }

    #[test]
    fn a_row_across_the_failed_page_is_marked_and_distant_rows_are_not() {
        let mut programs: Vec<ProgramOut> = [&[1][..], &[2, 4], &[6]]
            .iter()
            .map(|p| program(p))
            .collect();
        let failed = [PageError {
            page: 3,
            error: "x".into(),
        }];
        mark(&mut programs, &failed);
        assert_eq!(warned(&programs), [false, true, false]);
    }

    #[test]
    fn no_failed_page_no_warning() {
        let mut programs = vec![program(&[1]), program(&[2])];
        mark(&mut programs, &[]);
        assert_eq!(warned(&programs), [false, false]);
    }
}
