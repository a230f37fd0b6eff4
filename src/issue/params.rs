//! The parameters of a finding (tham số): the values its message names —
//! a score, a maximum, a count, cells, unit names — kept as typed data, so
//! that the JSON report gives them as numbers and lists and the message is
//! rendered from the catalogue's template.
//!
//! Part of `issue`; depends on nothing else in the crate.

use serde::de::{MapAccess, SeqAccess};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// One parameter's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A whole number: a row, a count, a year, a size in bytes.
    Int(i64),
    /// Points, in thousandths (the crate's exact scores): 12500 is 12,5.
    Points(i64),
    /// A text: a cell's content as quoted, a name, a label, a key that
    /// chooses a sentence.
    Text(String),
    /// Yes or no (e.g. whether the bloc's reviewed column is meant).
    Flag(bool),
    /// Several values: unit names, cells, allowed levels, rows. Shared:
    /// the findings of one tie give the same list of units, once.
    List(Arc<[Value]>),
    /// Named values: one item of a list of rows.
    Record(Params),
}

/// A finding's parameters, in the order they were given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(Cow<'static, str>, Value)>);

impl Params {
    pub fn new() -> Params {
        Params(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value named `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Every (name, value), in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Set `name` to `value` (replacing an earlier value of that name).
    pub fn with(mut self, name: &'static str, value: Value) -> Params {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((Cow::Borrowed(name), value)),
        }
        self
    }

    /// A whole number (saturating beyond the range of `i64`).
    pub fn int(self, name: &'static str, n: impl TryInto<i64>) -> Params {
        self.with(name, Value::Int(n.try_into().unwrap_or(i64::MAX)))
    }

    /// Points given in thousandths (`Score::milli`).
    pub fn points(self, name: &'static str, milli: i64) -> Params {
        self.with(name, Value::Points(milli))
    }

    pub fn text(self, name: &'static str, text: impl Into<String>) -> Params {
        self.with(name, Value::Text(text.into()))
    }

    pub fn flag(self, name: &'static str, flag: bool) -> Params {
        self.with(name, Value::Flag(flag))
    }

    /// A list of texts.
    pub fn texts<T: Into<String>>(
        self,
        name: &'static str,
        items: impl IntoIterator<Item = T>,
    ) -> Params {
        let items = items.into_iter().map(|t| Value::Text(t.into())).collect();
        self.with(name, Value::List(items))
    }

    /// A list of points, each in thousandths.
    pub fn points_list(self, name: &'static str, items: impl IntoIterator<Item = i64>) -> Params {
        let items = items.into_iter().map(Value::Points).collect();
        self.with(name, Value::List(items))
    }

    /// A list of records (rows named by the message).
    pub fn records(self, name: &'static str, items: impl IntoIterator<Item = Params>) -> Params {
        let items = items.into_iter().map(Value::Record).collect();
        self.with(name, Value::List(items))
    }

    /// Parameters read back from their JSON form (as [`Serialize`] writes
    /// them, in the same order), for findings that cross a process
    /// boundary. Points that are whole come back as whole numbers: both are
    /// written the same way.
    pub fn from_json(json: &str) -> Params {
        serde_json::from_str(json).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
        match Value::deserialize(d)? {
            Value::Record(p) => Ok(p),
            _ => Err(serde::de::Error::custom("parameters are a map")),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a parameter value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Flag(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
                Ok(Value::Int(n))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
                Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
                Ok(Value::Points((x * 1000.0).round() as i64))
            }
            fn visit_str<E>(self, s: &str) -> Result<Value, E> {
                Ok(Value::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Value, E> {
                Ok(Value::Text(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::List(items.into()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    fields.push((Cow::Owned(k), v));
                }
                Ok(Value::Record(Params(fields)))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_ref(), v)?;
        }
        map.end()
    }
}

impl Serialize for Value {
    /// Numbers as JSON numbers (points as the report writes scores: whole
    /// points as integers, others as decimals), texts as strings.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Int(n) => s.serialize_i64(*n),
            Value::Points(m) if m % 1000 == 0 => s.serialize_i64(m / 1000),
            Value::Points(m) => s.serialize_f64(*m as f64 / 1000.0),
            Value::Text(t) => s.serialize_str(t),
            Value::Flag(b) => s.serialize_bool(*b),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Record(p) => p.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_types_and_order() {
        let p = Params::new()
            .text("cell", "D12")
            .points("value", 12_500)
            .points("max", 10_000)
            .int("row", 12)
            .flag("reviewed", false)
            .texts("units", ["A", "B"])
            .records("rows", [Params::new().int("row", 3)]);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"cell":"D12","value":12.5,"max":10,"row":12,"reviewed":false,"units":["A","B"],"rows":[{"row":3}]}"#
        );
        let back = Params::from_json(&json);
        assert_eq!(back.get("value"), Some(&Value::Points(12_500)));
        assert_eq!(back.get("max"), Some(&Value::Int(10)));
        assert_eq!(back.get("units"), p.get("units"));
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert!(Params::from_json("not json").is_empty());
    }

    #[test]
    fn a_later_value_replaces_an_earlier_one() {
        let p = Params::new().int("n", 1).int("n", 2);
        assert_eq!(p.iter().count(), 1);
        assert_eq!(p.get("n"), Some(&Value::Int(2)));
        assert_eq!(
            Params::new().int("n", u64::MAX).get("n"),
            Some(&Value::Int(i64::MAX))
        );
    }
}
