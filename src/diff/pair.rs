//! Pairing the documents of two sides.

use super::load::{Document, Side};
use super::similarity::{dice, Matching};

/// A document of the old side, the new side, or both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DocumentPair<'a> {
    /// The same document in both editions.
    Both(&'a Document, &'a Document),
    /// Only in the old side.
    OnlyOld(&'a Document),
    /// Only in the new side.
    OnlyNew(&'a Document),
}

impl DocumentPair<'_> {
    fn sort_key(&self) -> &str {
        match self {
            DocumentPair::Both(_, new) | DocumentPair::OnlyNew(new) => &new.stem,
            DocumentPair::OnlyOld(old) => &old.stem,
        }
    }
}

/// Pairs documents: two single documents pair whatever their stems; otherwise by equal
/// stem, then by equal stem once digits are removed (editions usually differ only by
/// their year: `report-h28` and `report-h29`), the most similar stems first.
/// The result is sorted by stem.
pub fn pair_documents<'a>(old: &'a Side, new: &'a Side) -> Vec<DocumentPair<'a>> {
    let (a, b) = (&old.documents, &new.documents);
    let mut matching = Matching::new(a.len(), b.len());
    if (old.single || new.single) && a.len() == 1 && b.len() == 1 {
        matching.extend(|_, _| Some(1.0));
    }
    matching.extend(|i, j| (a[i].stem == b[j].stem).then_some(1.0));
    matching.extend(|i, j| {
        (without_digits(&a[i].stem) == without_digits(&b[j].stem))
            .then(|| dice(&a[i].stem, &b[j].stem))
    });
    let mut pairs: Vec<DocumentPair<'a>> = Vec::new();
    for (i, partner) in matching.old_to_new.iter().enumerate() {
        pairs.push(match partner {
            Some(j) => DocumentPair::Both(&a[i], &b[*j]),
            None => DocumentPair::OnlyOld(&a[i]),
        });
    }
    for (j, partner) in matching.new_to_old.iter().enumerate() {
        if partner.is_none() {
            pairs.push(DocumentPair::OnlyNew(&b[j]));
        }
    }
    pairs.sort_by(|x, y| x.sort_key().cmp(y.sort_key()));
    pairs
}

fn without_digits(stem: &str) -> String {
    stem.chars().filter(|c| !c.is_ascii_digit()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(stems: &[&str], single: bool) -> Side {
        Side {
            documents: stems.iter().map(|s| Document::empty(s)).collect(),
            single,
        }
    }

    fn stems<'a>(pairs: &[DocumentPair<'a>]) -> Vec<(Option<&'a str>, Option<&'a str>)> {
        pairs
            .iter()
            .map(|p| match p {
                DocumentPair::Both(a, b) => (Some(a.stem.as_str()), Some(b.stem.as_str())),
                DocumentPair::OnlyOld(a) => (Some(a.stem.as_str()), None),
                DocumentPair::OnlyNew(b) => (None, Some(b.stem.as_str())),
            })
            .collect()
    }

    #[test]
    fn pairs_editions_that_differ_by_year() {
        let old = side(&["city-a-h28", "city-b-h28", "gone"], false);
        let new = side(&["city-a-h29", "city-b-h28", "fresh"], false);
        let pairs = pair_documents(&old, &new);
        assert_eq!(
            stems(&pairs),
            vec![
                (Some("city-a-h28"), Some("city-a-h29")),
                (Some("city-b-h28"), Some("city-b-h28")),
                (None, Some("fresh")),
                (Some("gone"), None),
            ]
        );
    }

    #[test]
    fn two_single_documents_pair_whatever_their_names() {
        let (old, new) = (side(&["x"], true), side(&["y"], true));
        let pairs = pair_documents(&old, &new);
        assert_eq!(stems(&pairs), vec![(Some("x"), Some("y"))]);
    }
}
