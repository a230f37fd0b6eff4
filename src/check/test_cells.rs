//! Shorthands for the cells of the grids the unit tests of `check` build
//! (test builds only).
//!
//! Depends on `read` grids only.

use crate::read::Cell;

/// A text cell.
pub(super) fn t(s: &str) -> Cell {
    Cell::text(s)
}

/// A number cell.
pub(super) fn n(x: f64) -> Cell {
    Cell::number(x)
}

/// An empty cell.
pub(super) fn e() -> Cell {
    Cell::default()
}
