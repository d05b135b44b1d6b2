//! Interval maps from character codes to values, where later definitions override earlier
//! ones. A range of 2^32 codes costs one entry, never one entry per code.

use std::collections::BTreeMap;

/// A value that can describe a whole run of codes: the value for code `lo + n` is the
/// value for `lo` shifted by `n`.
pub(crate) trait Shift: Clone {
    /// The value `by` codes further on in the same run.
    fn shifted(&self, by: u32) -> Self;
}

impl Shift for u32 {
    fn shifted(&self, by: u32) -> Self {
        self.wrapping_add(by)
    }
}

/// Builds a non-overlapping interval map; an insert replaces what it overlaps.
#[derive(Debug)]
pub(crate) struct RangeMapBuilder<V> {
    /// start → (inclusive end, value at start).
    entries: BTreeMap<u32, (u32, V)>,
}

impl<V> Default for RangeMapBuilder<V> {
    fn default() -> Self {
        RangeMapBuilder {
            entries: BTreeMap::new(),
        }
    }
}

impl<V: Shift> RangeMapBuilder<V> {
    /// Maps `lo..=hi` to the run starting with `value`, overriding earlier entries.
    pub(crate) fn insert(&mut self, lo: u32, hi: u32, value: V) {
        if hi < lo {
            return;
        }
        self.cut_before(lo, hi);
        let inside: Vec<u32> = self.entries.range(lo..=hi).map(|(&s, _)| s).collect();
        for start in inside {
            if let Some((end, old)) = self.entries.remove(&start) {
                self.keep_tail(start, end, hi, &old);
            }
        }
        self.entries.insert(lo, (hi, value));
    }

    /// Truncates the entry that starts before `lo` and reaches into `lo..=hi`.
    fn cut_before(&mut self, lo: u32, hi: u32) {
        let Some((&start, (end, old))) = self.entries.range(..lo).next_back() else {
            return;
        };
        if *end < lo {
            return;
        }
        let (end, old) = (*end, old.clone());
        self.entries.insert(start, (lo - 1, old.clone()));
        self.keep_tail(start, end, hi, &old);
    }

    /// Re-inserts the part of `start..=end` that lies after `hi`.
    fn keep_tail(&mut self, start: u32, end: u32, hi: u32, old: &V) {
        if end > hi {
            let tail = hi + 1;
            self.entries.insert(tail, (end, old.shifted(tail - start)));
        }
    }

    /// The finished, sorted map.
    pub(crate) fn build(self) -> RangeMap<V> {
        let mut map = RangeMap::default();
        for (lo, (hi, value)) in self.entries {
            map.ranges.push((lo, hi));
            map.values.push(value);
        }
        map
    }
}

/// A sorted, non-overlapping interval map with binary-search lookup.
#[derive(Debug, Clone)]
pub(crate) struct RangeMap<V> {
    ranges: Vec<(u32, u32)>,
    values: Vec<V>,
}

impl<V> Default for RangeMap<V> {
    fn default() -> Self {
        RangeMap {
            ranges: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V: Shift> RangeMap<V> {
    /// From ranges that must already be sorted and disjoint; None otherwise.
    pub(crate) fn from_sorted(entries: Vec<(u32, u32, V)>) -> Option<RangeMap<V>> {
        let mut map = RangeMap::default();
        let mut next_free = 0u64;
        for (lo, hi, value) in entries {
            if u64::from(lo) < next_free || hi < lo {
                return None;
            }
            next_free = u64::from(hi) + 1;
            map.ranges.push((lo, hi));
            map.values.push(value);
        }
        Some(map)
    }

    /// The value of `code`, or None.
    pub(crate) fn get(&self, code: u32) -> Option<V> {
        let (start, value) = self.find(code)?;
        Some(value.shifted(code - start))
    }

    /// The run holding `code`: its first code and the value there.
    pub(crate) fn find(&self, code: u32) -> Option<(u32, &V)> {
        let index = self.ranges.partition_point(|&(lo, _)| lo <= code);
        let index = index.checked_sub(1)?;
        let (lo, hi) = self.ranges[index];
        (code <= hi).then(|| (lo, &self.values[index]))
    }

    /// Number of runs.
    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }

    /// True when nothing is mapped.
    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(inserts: &[(u32, u32, u32)]) -> RangeMap<u32> {
        let mut builder = RangeMapBuilder::default();
        for &(lo, hi, v) in inserts {
            builder.insert(lo, hi, v);
        }
        builder.build()
    }

    #[test]
    fn later_insert_overrides_the_middle_of_a_run() {
        let map = built(&[(10, 20, 100), (14, 15, 7)]);
        assert_eq!(map.get(13), Some(103));
        assert_eq!(map.get(14), Some(7));
        assert_eq!(map.get(15), Some(8));
        assert_eq!(map.get(16), Some(106));
        assert_eq!(map.get(21), None);
        assert_eq!(map.get(9), None);
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn insert_spanning_several_runs_replaces_them() {
        let map = built(&[(0, 4, 0), (5, 9, 50), (10, 14, 100), (3, 11, 1000)]);
        assert_eq!(map.get(2), Some(2));
        assert_eq!(map.get(3), Some(1000));
        assert_eq!(map.get(11), Some(1008));
        assert_eq!(map.get(12), Some(102));
    }

    #[test]
    fn full_u32_range_is_one_entry() {
        let map = built(&[(0, u32::MAX, 0), (u32::MAX, u32::MAX, 1)]);
        assert_eq!(map.get(u32::MAX - 1), Some(u32::MAX - 1));
        assert_eq!(map.get(u32::MAX), Some(1));
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn from_sorted_rejects_overlap() {
        assert!(RangeMap::from_sorted(vec![(0, 5, 0u32), (5, 6, 0)]).is_none());
        assert!(RangeMap::from_sorted(vec![(0, 5, 0u32), (6, 6, 0)]).is_some());
    }
}
