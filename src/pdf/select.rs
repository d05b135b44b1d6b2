//! Page selections such as `3-5,8` (`--pages`).

use std::fmt;
use std::str::FromStr;

/// A set of 1-based page numbers given as ranges: `3-5,8`, `10-` (page 10 to the end),
/// `-4` (pages 1 to 4). Pages past the end of a document are simply absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRanges {
    /// Inclusive ranges in the order given; `u32::MAX` as an end means "to the last page".
    ranges: Vec<(u32, u32)>,
}

impl PageRanges {
    /// Whether page `number` (1-based) is selected.
    pub fn contains(&self, number: u32) -> bool {
        self.ranges
            .iter()
            .any(|&(first, last)| (first..=last).contains(&number))
    }
}

impl FromStr for PageRanges {
    type Err = String;

    fn from_str(text: &str) -> Result<PageRanges, String> {
        let bad =
            |part: &str| format!("{part:?} is not a page range (examples: 3, 3-5, 3-5,8, 10-)");
        let page = |digits: &str, part: &str| -> Result<u32, String> {
            match digits.trim().parse::<u32>() {
                Ok(0) => Err(format!("{part:?}: pages are numbered from 1")),
                Ok(n) => Ok(n),
                Err(_) => Err(bad(part)),
            }
        };
        let mut ranges = Vec::new();
        for part in text.split(',').map(str::trim) {
            let range = match part.split_once('-') {
                None => {
                    let n = page(part, part)?;
                    (n, n)
                }
                Some((first, last)) => {
                    let first = if first.trim().is_empty() {
                        1
                    } else {
                        page(first, part)?
                    };
                    let last = if last.trim().is_empty() {
                        u32::MAX
                    } else {
                        page(last, part)?
                    };
                    if first > last {
                        return Err(format!("{part:?}: the range ends before it starts"));
                    }
                    (first, last)
                }
            };
            ranges.push(range);
        }
        Ok(PageRanges { ranges })
    }
}

impl fmt::Display for PageRanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, &(first, last)) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match (first, last) {
                (a, b) if a == b => write!(f, "{a}")?,
                (a, u32::MAX) => write!(f, "{a}-")?,
                (a, b) => write!(f, "{a}-{b}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> PageRanges {
        text.parse()
            .unwrap_or_else(|e| panic!("{text:?} did not parse: {e}"))
    }

    #[test]
    fn ranges_and_single_pages_select_their_pages() {
        let wanted = parse("3-5, 8");
        let selected: Vec<u32> = (1..=10).filter(|&n| wanted.contains(n)).collect();
        assert_eq!(selected, [3, 4, 5, 8]);
        assert_eq!(wanted.to_string(), "3-5,8");
    }

    #[test]
    fn open_ends_reach_the_first_and_last_page() {
        assert!(parse("10-").contains(4000));
        assert!(!parse("10-").contains(9));
        assert!(parse("-4").contains(1) && !parse("-4").contains(5));
    }

    #[test]
    fn nonsense_is_refused_with_an_example() {
        for text in ["", "0", "5-3", "a", "1-2-3", "3,,4"] {
            assert!(text.parse::<PageRanges>().is_err(), "{text:?} accepted");
        }
        let message = "x".parse::<PageRanges>().err().unwrap_or_default();
        assert!(message.contains("3-5,8"), "{message}");
    }
}
