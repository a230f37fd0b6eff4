//! Keys computed once when the rules load (khoá so khớp): the units'
//! names by their matching keys, and the criteria's title words numbered,
//! so that finding a unit or comparing titles needs no scan and no
//! allocation per comparison.
//!
//! Depends on `text`.

use super::model::{Criterion, Unit};

/// A title key's words as numbers, sorted (từ của tiêu đề, đánh số): the
/// criteria's words numbered once when the rules load, another text's
/// other words given numbers no criterion has. [`TitleWords::similarity`]
/// is then [`text::similarity_of_keys`] without splitting or allocating
/// for each of the rows × criteria comparisons.
#[derive(Clone, Debug, Default)]
pub struct TitleWords(Vec<u32>);

/// The numbers of the criteria's title words.
#[derive(Clone, Debug, Default)]
pub struct TitleVocabulary {
    ids: std::collections::HashMap<String, u32>,
    /// Each criterion's title words, in rules order.
    pub criteria: Vec<TitleWords>,
}

impl TitleVocabulary {
    pub(super) fn of(criteria: &[Criterion]) -> TitleVocabulary {
        let mut ids: std::collections::HashMap<String, u32> = Default::default();
        let criteria = criteria
            .iter()
            .map(|c| {
                let mut words: Vec<u32> = c
                    .title_key
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let next = ids.len() as u32;
                        *ids.entry(w.to_string()).or_insert(next)
                    })
                    .collect();
                words.sort_unstable();
                TitleWords(words)
            })
            .collect();
        TitleVocabulary { ids, criteria }
    }

    /// The words of `key`, a [`text::key`].
    pub fn words(&self, key: &str) -> TitleWords {
        let mut unknown = self.ids.len() as u32;
        let mut words: Vec<u32> = key
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                self.ids.get(w).copied().unwrap_or_else(|| {
                    unknown += 1;
                    unknown
                })
            })
            .collect();
        words.sort_unstable();
        TitleWords(words)
    }
}

impl TitleWords {
    /// [`text::similarity_of_keys`] of the two keys these words are of.
    pub fn similarity(&self, other: &TitleWords) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let common = crate::text::common_of_sorted(a.len(), b.len(), |i, j| a[i].cmp(&b[j]));
        crate::text::similarity_score(a.len(), b.len(), common)
    }
}

/// The units' names indexed by their matching keys (chỉ mục tên đơn vị):
/// built once when the rules load, so that naming the unit of a file costs
/// the same for a bloc of 10 units or of 10,000.
#[derive(Clone, Debug, Default)]
pub struct UnitIndex {
    /// [`text::key`] of a name → the units having that name.
    exact: std::collections::HashMap<String, Vec<usize>>,
    /// A [`text::short_forms`] entry → the units having it.
    short: std::collections::HashMap<String, Vec<usize>>,
    /// The rarest word of a name's key → (unit, name) having it: a text
    /// containing a name contains its rarest word.
    by_word: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// Unit id → its index.
    by_id: std::collections::HashMap<String, usize>,
}

impl UnitIndex {
    pub(super) fn of(units: &[Unit]) -> UnitIndex {
        let mut index = UnitIndex::default();
        let mut frequency: std::collections::HashMap<&str, usize> = Default::default();
        for unit in units {
            for name in unit.name_keys.iter().filter(|n| !n.is_empty()) {
                for word in name.split(' ') {
                    *frequency.entry(word).or_default() += 1;
                }
            }
        }
        for (u, unit) in units.iter().enumerate() {
            index.by_id.entry(unit.id.clone()).or_insert(u);
            for (n, (name, short)) in unit.name_keys.iter().zip(&unit.short_forms).enumerate() {
                if name.is_empty() {
                    continue;
                }
                push_once(index.exact.entry(name.clone()).or_default(), u);
                for form in short {
                    push_once(index.short.entry(form.clone()).or_default(), u);
                }
                let rarest = name
                    .split(' ')
                    .min_by_key(|w| (frequency.get(w).copied().unwrap_or(0), w.len()))
                    .unwrap_or(name);
                index
                    .by_word
                    .entry(rarest.to_string())
                    .or_default()
                    .push((u, n));
            }
        }
        index
    }

    /// The index of the unit whose id is `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The units whose name's key is `key`, in rules order.
    pub fn exact(&self, key: &str) -> &[usize] {
        self.exact.get(key).map_or(&[], Vec::as_slice)
    }

    /// The units one of whose short forms is `squeezed`, in rules order.
    pub fn short(&self, squeezed: &str) -> &[usize] {
        self.short.get(squeezed).map_or(&[], Vec::as_slice)
    }

    /// The (unit, name) pairs that may occur as whole words in a text
    /// whose key has the word `word`.
    pub fn with_word(&self, word: &str) -> &[(usize, usize)] {
        self.by_word.get(word).map_or(&[], Vec::as_slice)
    }
}

fn push_once(list: &mut Vec<usize>, u: usize) {
    if list.last() != Some(&u) {
        list.push(u);
    }
}
