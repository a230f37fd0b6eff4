//! The entries of one submission (các dòng tiêu chí đã đọc): each matched
//! criterion's values, kept in criterion order in one vector. A bloc has a
//! few dozen criteria, and a run may hold ten thousand submissions: a
//! sorted vector costs what its entries weigh, where a `BTreeMap` would
//! allocate node after node of empty slots.
//!
//! Depends on nothing but the `Entry` it holds.

use super::Entry;

/// Entries by criterion index (into `rules.criteria`), in index order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entries(Vec<(usize, Entry)>);

impl Entries {
    fn find(&self, crit: usize) -> Result<usize, usize> {
        self.0.binary_search_by_key(&crit, |(k, _)| *k)
    }

    /// The entry of criterion `crit`, if its row was read.
    pub fn get(&self, crit: &usize) -> Option<&Entry> {
        self.find(*crit).ok().map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, crit: &usize) -> bool {
        self.find(*crit).is_ok()
    }

    /// Set criterion `crit`'s entry (replacing one already there).
    pub fn insert(&mut self, crit: usize, entry: Entry) {
        match self.find(crit) {
            Ok(at) => self.0[at].1 = entry,
            Err(at) => self.0.insert(at, (crit, entry)),
        }
    }

    /// Criterion index and entry, in criterion order.
    pub fn iter(&self) -> impl Iterator<Item = (&usize, &Entry)> {
        self.0.iter().map(|(k, e)| (k, e))
    }

    pub fn values(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter().map(|(_, e)| e)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Give back the room reserved while rows were read.
    pub(super) fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = (&'a usize, &'a Entry);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (usize, Entry)>,
        fn(&'a (usize, Entry)) -> (&'a usize, &'a Entry),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, e)| (k, e))
    }
}

impl IntoIterator for Entries {
    type Item = (usize, Entry);
    type IntoIter = std::vec::IntoIter<(usize, Entry)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::ops::Index<&usize> for Entries {
    type Output = Entry;
    fn index(&self, crit: &usize) -> &Entry {
        match self.get(crit) {
            Some(e) => e,
            None => panic!("no entry for criterion {crit}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(row: u32) -> Entry {
        Entry {
            row,
            ..Entry::default()
        }
    }

    #[test]
    fn kept_in_criterion_order_whatever_the_insertion_order() {
        let mut e = Entries::default();
        for (crit, row) in [(5, 50), (1, 10), (3, 30), (1, 11)] {
            e.insert(crit, entry(row));
        }
        let seen: Vec<(usize, u32)> = e.iter().map(|(k, v)| (*k, v.row)).collect();
        assert_eq!(seen, [(1, 11), (3, 30), (5, 50)]);
        assert_eq!(e.get(&3).map(|v| v.row), Some(30));
        assert!(e.get(&2).is_none() && !e.contains_key(&4) && e.contains_key(&5));
        assert_eq!(e[&5].row, 50);
        assert_eq!(e.len(), 3);
    }
}
