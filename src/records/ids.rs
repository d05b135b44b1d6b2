//! Stable record ids: a 64-bit FNV-1a hash of the hierarchy numbers, the program name and
//! the indicator, so that the same KPI gets the same id in the next edition of a report
//! (whose file name and title change), made unique within a document by a suffix.

use std::collections::HashMap;

use crate::hash::fnv1a64;

/// The parts an id is made of; text parts are compared without whitespace.
pub(crate) fn id_key(numbers: [Option<u32>; 3], name: &str, indicator: Option<&str>) -> String {
    let num = |n: Option<u32>| n.map_or_else(String::new, |n| n.to_string());
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    format!(
        "{}|{}|{}|{}|{}",
        num(numbers[0]),
        num(numbers[1]),
        num(numbers[2]),
        squeeze(name),
        indicator.map(squeeze).unwrap_or_default()
    )
}

/// Hands out ids unique within one document: the hash, then `-2`, `-3`… on collision.
#[derive(Debug, Default)]
pub(crate) struct IdMaker {
    seen: HashMap<String, u32>,
}

impl IdMaker {
    /// The id for `key`, with a prefix such as `p` (program) or `k` (KPI).
    pub(crate) fn make(&mut self, prefix: &str, key: &str) -> String {
        let base = format!("{prefix}{:016x}", fnv1a64(key));
        let count = self.seen.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_unique() {
        let key = id_key([Some(1), Some(2), None], "事業 A", Some("人数"));
        assert_eq!(key, "1|2||事業A|人数");
        let mut ids = IdMaker::default();
        let a = ids.make("k", &key);
        let b = ids.make("k", &key);
        assert_eq!(b, format!("{a}-2"));
        assert_eq!(IdMaker::default().make("k", &key), a);
        // Ids are FNV-1a of the key, so they match across runs and editions.
        assert_eq!(IdMaker::default().make("k", "a"), "kaf63dc4c8601ec8c");
    }
}
