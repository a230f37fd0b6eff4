//! Exact decimal scores (`Score` — điểm) counted in thousandths of a point.
//!
//! Scores are added, compared and clamped many times; binary floats would make
//! 0.1 + 0.2 differ from 0.3 and break totals and ties. Every score in the
//! crate is a `Score`. This module depends on nothing else in the crate.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

/// Thousandths of a point per point.
const SCALE: i64 = 1000;

/// A score with exactly three decimals (điểm, đến phần nghìn).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(i64);

impl Score {
    pub const ZERO: Score = Score(0);

    /// A score from thousandths of a point.
    pub const fn from_milli(milli: i64) -> Score {
        Score(milli)
    }

    /// A whole number of points.
    pub const fn from_int(points: i64) -> Score {
        Score(points * SCALE)
    }

    pub const fn milli(self) -> i64 {
        self.0
    }

    /// A float read from a spreadsheet cell. Excel stores 12.5 as a binary
    /// float; rounding to the nearest thousandth recovers the typed value.
    /// `None` for values that are not finite, are too large to be a score, or
    /// carry more than three decimals (e.g. 1/3).
    pub fn from_f64(value: f64) -> Option<Score> {
        if !value.is_finite() || value.abs() > 1e12 {
            return None;
        }
        let scaled = value * SCALE as f64;
        let rounded = scaled.round();
        // Accept only values that are a thousandth multiple up to float noise.
        if (scaled - rounded).abs() > 1e-6 * scaled.abs().max(1.0) {
            return None;
        }
        Some(Score(rounded as i64))
    }

    /// The value as a float, for JSON and spreadsheet output.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// Parse a number typed as text: "12,5", "12.5", " 9 ", "-5", "+3",
    /// "1.000" is one point (not a thousand): Vietnamese scoring sheets never
    /// use thousands separators for points, and a scale of 1 000 points is
    /// typed "1000". At most three decimals. `None` if it is not a number.
    pub fn parse(text: &str) -> Option<Score> {
        let t = text.trim();
        let (negative, digits) = match t.as_bytes().first()? {
            b'-' => (true, t[1..].trim_start()),
            b'+' => (false, t[1..].trim_start()),
            _ => (false, t),
        };
        let mut parts = digits.splitn(2, ['.', ',']);
        let whole = parts.next().unwrap_or("");
        let frac = parts.next();
        if whole.is_empty() && frac.is_none_or(str::is_empty) {
            return None;
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 12 {
            return None;
        }
        let frac = frac.unwrap_or("");
        if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole_value: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut frac_value: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            frac_value += i64::from(b - b'0') * 10_i64.pow(2 - i as u32);
        }
        let milli = whole_value * SCALE + frac_value;
        Some(Score(if negative { -milli } else { milli }))
    }

    pub fn abs(self) -> Score {
        Score(self.0.abs())
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `floor(share × n)` for award quotas, with the share given as a score
    /// (0.5 → 500 thousandths).
    pub fn floor_times(self, n: usize) -> usize {
        let product = self.0.max(0) as i128 * n as i128;
        (product / SCALE as i128) as usize
    }
}

impl fmt::Display for Score {
    /// Vietnamese notation: decimal comma, no trailing zeros ("12,5", "-3", "0,25").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE as u64;
        let frac = abs % SCALE as u64;
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{frac:03}");
            write!(f, "{sign}{whole},{}", digits.trim_end_matches('0'))
        }
    }
}

impl Add for Score {
    type Output = Score;
    fn add(self, rhs: Score) -> Score {
        Score(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Score {
    fn add_assign(&mut self, rhs: Score) {
        *self = *self + rhs;
    }
}

impl Sub for Score {
    type Output = Score;
    fn sub(self, rhs: Score) -> Score {
        Score(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Score {
    type Output = Score;
    fn neg(self) -> Score {
        Score(-self.0)
    }
}

impl Sum for Score {
    fn sum<I: Iterator<Item = Score>>(iter: I) -> Score {
        iter.fold(Score::ZERO, Add::add)
    }
}

impl serde::Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % SCALE == 0 {
            s.serialize_i64(self.0 / SCALE)
        } else {
            s.serialize_f64(self.to_f64())
        }
    }
}

impl<'de> serde::Deserialize<'de> for Score {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Score, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Score;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of points with at most three decimals")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Score, E> {
                v.checked_mul(SCALE)
                    .map(Score)
                    .ok_or_else(|| E::custom("number too large"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Score, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom("number too large"))
                    .and_then(|v| self.visit_i64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Score, E> {
                Score::from_f64(v).ok_or_else(|| E::custom("at most three decimals"))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_add_exactly() {
        let a = Score::parse("0,1").unwrap();
        let b = Score::parse("0.2").unwrap();
        assert_eq!(a + b, Score::parse("0,3").unwrap());
        assert_eq!(Score::from_f64(0.1 + 0.2), Score::from_milli(300).into());
    }

    #[test]
    fn parses_what_units_type() {
        assert_eq!(Score::parse("12,5"), Some(Score::from_milli(12_500)));
        assert_eq!(Score::parse("12.5"), Some(Score::from_milli(12_500)));
        assert_eq!(Score::parse(" 9 "), Some(Score::from_int(9)));
        assert_eq!(Score::parse("-5"), Some(Score::from_int(-5)));
        assert_eq!(Score::parse("- 0,5"), Some(Score::from_milli(-500)));
        assert_eq!(Score::parse(",5"), Some(Score::from_milli(500)));
        assert_eq!(Score::parse("1000"), Some(Score::from_int(1000)));
        assert_eq!(Score::parse("0,125"), Some(Score::from_milli(125)));
    }

    #[test]
    fn rejects_non_numbers() {
        for text in [
            "", " ", "-", "mười", "12a", "1,2,3", "0,1234", "1e3", "12 5", "đạt", "--1",
        ] {
            assert_eq!(Score::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn floats_from_cells() {
        assert_eq!(Score::from_f64(12.5), Some(Score::from_milli(12_500)));
        assert_eq!(Score::from_f64(1.0 / 3.0), None);
        assert_eq!(Score::from_f64(f64::NAN), None);
        assert_eq!(Score::from_f64(1e300), None);
    }

    #[test]
    fn displays_with_decimal_comma() {
        assert_eq!(Score::from_milli(12_500).to_string(), "12,5");
        assert_eq!(Score::from_int(-3).to_string(), "-3");
        assert_eq!(Score::from_milli(250).to_string(), "0,25");
        assert_eq!(Score::from_milli(-500).to_string(), "-0,5");
    }

    #[test]
    fn share_quota_floors() {
        assert_eq!(Score::from_milli(500).floor_times(7), 3);
        assert_eq!(Score::from_milli(300).floor_times(10), 3);
        assert_eq!(Score::from_milli(334).floor_times(3), 1);
    }
}
