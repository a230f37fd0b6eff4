//! The count sheet (bảng kiểm phiếu) read back from the grid: for each
//! award's block (found by the hidden key column, as a ballot is), the
//! figures the secretary typed in column F — số phiếu thu về, số phiếu
//! không hợp lệ, each candidate's số phiếu đồng ý — each a whole number of
//! 0 or more, or a finding naming its cell. A block with nothing typed is
//! `Blank` (never zeros); a block with a figure blank or unreadable is
//! `Faulty` (reported here, never counted).
//!
//! Depends on `rules`, `issue` and the `read` grid types; reads no file and
//! prints nothing.

use super::cells::{award_of, rank_of, text_of};
use super::typed::{TypedCells, TypedCount, TypedVotes};
use super::{COUNT_KEY, INVALID_KEY, ISSUED_KEY, KEY_COL, RETURNED_KEY, TICK_COL};
use crate::issue::{Code, Issue, Params, a1};
use crate::read::{Sheet, Value};
use crate::rules::{Award, Rules};

/// One award's block of a count sheet, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetCount {
    /// The figures, every one typed and a whole number.
    Typed(TypedCount),
    /// Nothing typed for this award.
    Blank { award: usize, at: TypedCells },
    /// Typed in part, or with a figure that is not a whole number; its
    /// findings are already given. `at` is `None` for a form on the page.
    Faulty {
        award: usize,
        at: Option<TypedCells>,
    },
}

impl SheetCount {
    /// Index into `rules.awards`.
    pub fn award(&self) -> usize {
        match self {
            SheetCount::Typed(t) => t.award,
            SheetCount::Blank { award, .. } | SheetCount::Faulty { award, .. } => *award,
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, SheetCount::Blank { .. })
    }

    /// Where it was typed, when on a sheet.
    pub fn cells(&self) -> Option<&TypedCells> {
        match self {
            SheetCount::Typed(t) => t.at.as_ref(),
            SheetCount::Blank { at, .. } => Some(at),
            SheetCount::Faulty { at, .. } => at.as_ref(),
        }
    }

    /// How findings elsewhere name this count: its file and sheet.
    pub(super) fn source(&self) -> String {
        match self.cells() {
            Some(at) => format!("tệp {}, trang \"{}\"", at.file, at.sheet),
            None => "số liệu nhập trên trang thidua".to_string(),
        }
    }

    /// A finding about this count for `award`, at its số phiếu thu về.
    pub(super) fn finding(&self, code: Code, params: Params, award: &Award) -> Issue {
        let issue = Issue::new(code, params.text("award", award.name.as_str()));
        match self.cells() {
            Some(at) => at.place(issue, &at.returned),
            None => issue,
        }
    }
}

/// A figure as typed.
enum Figure {
    Blank,
    Whole(usize),
    Bad(String),
}

fn figure(value: &Value) -> Figure {
    const MAX: f64 = 1e9;
    match value {
        Value::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= MAX => {
            Figure::Whole(*n as usize)
        }
        Value::Text(t) if !t.trim().is_empty() && t.trim().len() <= 9 => {
            match t.trim().parse::<usize>() {
                Ok(n) if t.trim().bytes().all(|b| b.is_ascii_digit()) => Figure::Whole(n),
                _ => Figure::Bad(t.trim().to_string()),
            }
        }
        // A decimal as the officer reads it: 2,5.
        Value::Number(n) => Figure::Bad(format!("{n}").replace('.', ",")),
        other => text_of(other).map_or(Figure::Blank, Figure::Bad),
    }
}

/// An award's block as found: its rows.
struct Block {
    award: usize,
    places: Option<usize>,
    returned: Option<u32>,
    invalid: Option<u32>,
    units: Vec<(u32, String)>,
}

/// The count sheet's blocks, each checked; none when `sheet` is no count
/// sheet written by `thidua ballots`.
pub(super) fn read(
    rules: &Rules,
    file: &str,
    sheet: &Sheet,
    issues: &mut Vec<Issue>,
) -> Vec<SheetCount> {
    let (end_row, _) = sheet.end();
    let key_col = u32::from(KEY_COL);
    let mut blocks: Vec<Block> = Vec::new();
    for r in 0..end_row {
        let Some(key) = text_of(&sheet.get(r, key_col).value) else {
            continue;
        };
        let block = blocks.last_mut();
        match key.as_str() {
            RETURNED_KEY => block.into_iter().for_each(|b| b.returned = Some(r)),
            INVALID_KEY => block.into_iter().for_each(|b| b.invalid = Some(r)),
            ISSUED_KEY => {}
            _ => match key.strip_prefix(COUNT_KEY).map(str::to_string) {
                Some(rest) => {
                    let (n, places) = rest.split_once('/').unwrap_or((&rest, ""));
                    if let Some(award) = n
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                    {
                        blocks.push(Block {
                            award,
                            places: places.trim().parse().ok(),
                            returned: None,
                            invalid: None,
                            units: Vec::new(),
                        });
                    }
                }
                None => {
                    if let Some(b) = block {
                        b.units.push((r, key));
                    }
                }
            },
        }
    }
    blocks
        .into_iter()
        .filter_map(|block| {
            let award = award_of(rules, block.award, file, &sheet.name, issues)?;
            Some(read_block(rules, award, file, sheet, block, issues))
        })
        .collect()
}

fn read_block(
    rules: &Rules,
    award: &Award,
    file: &str,
    sheet: &Sheet,
    block: Block,
    issues: &mut Vec<Issue>,
) -> SheetCount {
    let tick_col = u32::from(TICK_COL);
    let cell = |row: Option<u32>| row.map_or_else(String::new, |r| a1(r, tick_col));
    let at = TypedCells {
        file: file.to_string(),
        sheet: sheet.name.clone(),
        returned: cell(block.returned),
        invalid: cell(block.invalid),
    };
    // (what, unit's name, row) of every figure the secretary types.
    let mut cells: Vec<(&str, String, Option<u32>)> = vec![
        ("returned", String::new(), block.returned),
        ("invalid", String::new(), block.invalid),
    ];
    for (row, id) in &block.units {
        let name = rules
            .unit(id)
            .map_or_else(|| id.clone(), |u| u.name.clone());
        cells.push(("agree", name, Some(*row)));
    }
    let figures: Vec<Figure> = cells
        .iter()
        .map(|(_, _, row)| row.map_or(Figure::Blank, |r| figure(&sheet.get(r, tick_col).value)))
        .collect();
    if figures.iter().all(|f| matches!(f, Figure::Blank)) {
        return SheetCount::Blank {
            award: block.award,
            at,
        };
    }
    let mut whole = Vec::with_capacity(figures.len());
    let before = issues.len();
    for ((what, unit, row), figure) in cells.iter().zip(figures) {
        let params = Params::new()
            .text("award", award.name.as_str())
            .text("what", *what)
            .text("unit", unit.as_str());
        let found = match figure {
            Figure::Whole(n) => {
                whole.push(n);
                continue;
            }
            Figure::Blank => Issue::new(Code::CountFigureBlank, params),
            Figure::Bad(text) => Issue::new(Code::CountFigureInvalid, params.text("text", text)),
        };
        issues.push(at.place(found, &cell(*row)));
    }
    if issues.len() > before {
        return SheetCount::Faulty {
            award: block.award,
            at: Some(at),
        };
    }
    let candidates = block
        .units
        .iter()
        .zip(&whole[2..])
        .map(|((row, id), &agree)| TypedVotes {
            unit: id.clone(),
            rank: rank_of(&sheet.get(*row, 3).value),
            agree,
            cell: Some(a1(*row, tick_col)),
        })
        .collect();
    SheetCount::Typed(TypedCount {
        award: block.award,
        places: block.places,
        returned: whole[0],
        invalid: whole[1],
        candidates,
        at: Some(at),
    })
}
