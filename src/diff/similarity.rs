//! Text similarity for pairing renamed programs and reworded indicators, and a greedy
//! one-to-one matcher.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Dice coefficient of the character bigrams of two texts after NFKC, lower-casing and
/// removing whitespace: 1.0 for equal texts, 0.0 for texts with no bigram in common.
/// Texts of one character are compared as single characters.
///
/// ```
/// use kpi_extract::diff::similarity::dice;
/// assert_eq!(dice("大学等誘致事業", "大学等誘致事業"), 1.0);
/// assert!(dice("大学等誘致・整備促進事業", "大学等誘致・整備促進事業（継続）") > 0.8);
/// assert!(dice("小倉城来場者数", "外国人向け無料一般相談人数") < 0.2);
/// ```
pub fn dice(a: &str, b: &str) -> f64 {
    let a = squash(a);
    let b = squash(b);
    if a == b {
        return 1.0;
    }
    let (grams_a, count_a) = bigrams(&a);
    let (grams_b, count_b) = bigrams(&b);
    if count_a + count_b == 0 {
        return 0.0;
    }
    let shared: usize = grams_a
        .iter()
        .map(|(gram, n)| (*n).min(grams_b.get(gram).copied().unwrap_or(0)))
        .sum();
    2.0 * shared as f64 / (count_a + count_b) as f64
}

/// NFKC, lower case, without whitespace: the form in which two texts are "the same".
pub fn squash(text: &str) -> Vec<char> {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn bigrams(chars: &[char]) -> (HashMap<(char, char), usize>, usize) {
    let mut grams = HashMap::new();
    if let [only] = chars {
        grams.insert((*only, '\0'), 1);
        return (grams, 1);
    }
    for pair in chars.windows(2) {
        *grams.entry((pair[0], pair[1])).or_insert(0) += 1;
    }
    let count = chars.len().saturating_sub(1);
    (grams, count)
}

/// Which old item is paired with which new item (indices), one-to-one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matching {
    /// For each old item, its new partner.
    pub old_to_new: Vec<Option<usize>>,
    /// For each new item, its old partner.
    pub new_to_old: Vec<Option<usize>>,
}

impl Matching {
    /// No pairs yet.
    pub fn new(n_old: usize, n_new: usize) -> Matching {
        Matching {
            old_to_new: vec![None; n_old],
            new_to_old: vec![None; n_new],
        }
    }

    /// Pairs still-unpaired items greedily, best score first (ties by old then new
    /// index, so the result is deterministic). `score` returns None for a pair that
    /// must not be made.
    pub fn extend(&mut self, score: impl Fn(usize, usize) -> Option<f64>) {
        let mut candidates = Vec::new();
        for (i, _) in self
            .old_to_new
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
        {
            for (j, _) in self
                .new_to_old
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_none())
            {
                if let Some(s) = score(i, j) {
                    candidates.push((s, i, j));
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, i, j) in candidates {
            if self.old_to_new[i].is_none() && self.new_to_old[j].is_none() {
                self.old_to_new[i] = Some(j);
                self.new_to_old[j] = Some(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_ignores_width_case_and_spaces() {
        assert_eq!(dice("ＫＰＩ 事業", "kpi事業"), 1.0);
    }

    #[test]
    fn dice_of_single_characters() {
        assert_eq!(dice("a", "b"), 0.0);
        assert_eq!(dice("", "x"), 0.0);
    }

    #[test]
    fn dice_counts_repeated_bigrams_once_each() {
        // "aaa" has bigrams {aa, aa}; "aa" has {aa}: 2*1/3.
        assert!((dice("aaa", "aa") - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn greedy_matching_prefers_the_best_pair() {
        let scores = [[0.9, 0.95], [0.1, 0.8]];
        let mut m = Matching::new(2, 2);
        m.extend(|i, j| Some(scores[i][j]).filter(|s| *s > 0.5));
        // (0,1) is best; then 1 can only take 0, whose score is below the threshold.
        assert_eq!(m.old_to_new, vec![Some(1), None]);
        assert_eq!(m.new_to_old, vec![None, Some(0)]);
    }
}
