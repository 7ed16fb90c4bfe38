//! Just enough JSON to write `latest.json`: a value tree and a printer.

use std::fmt::{self, Write};

pub enum Json {
    Null,
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    pub fn str(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }

    pub fn opt_number(value: Option<f64>) -> Json {
        value.map_or(Json::Null, Json::Number)
    }

    fn write(&self, out: &mut String, indent: usize) -> fmt::Result {
        match self {
            Json::Null => out.write_str("null"),
            // Integers (instruction counts, KiB) print without a fraction.
            Json::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => {
                write!(out, "{}", *n as i64)
            }
            Json::Number(n) if n.is_finite() => write!(out, "{n}"),
            Json::Number(_) => out.write_str("null"),
            Json::String(s) => write_string(out, s),
            Json::Array(items) if items.is_empty() => out.write_str("[]"),
            Json::Array(items) => {
                out.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    out.write_str(if i == 0 { "\n" } else { ",\n" })?;
                    pad(out, indent + 1)?;
                    item.write(out, indent + 1)?;
                }
                out.write_char('\n')?;
                pad(out, indent)?;
                out.write_char(']')
            }
            Json::Object(fields) if fields.is_empty() => out.write_str("{}"),
            Json::Object(fields) => {
                out.write_char('{')?;
                for (i, (key, value)) in fields.iter().enumerate() {
                    out.write_str(if i == 0 { "\n" } else { ",\n" })?;
                    pad(out, indent + 1)?;
                    write_string(out, key)?;
                    out.write_str(": ")?;
                    value.write(out, indent + 1)?;
                }
                out.write_char('\n')?;
                pad(out, indent)?;
                out.write_char('}')
            }
        }
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out, 0)?;
        f.write_str(&out)
    }
}

fn pad(out: &mut String, indent: usize) -> fmt::Result {
    for _ in 0..indent {
        out.write_str("  ")?;
    }
    Ok(())
}

fn write_string(out: &mut String, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32)?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_nested_values_with_escapes() {
        let value = Json::Object(vec![
            ("name", Json::str("a \"b\"\n")),
            ("n", Json::Number(3.0)),
            ("x", Json::Number(0.5)),
            ("list", Json::Array(vec![Json::Null, Json::str("b")])),
            ("empty", Json::Array(Vec::new())),
        ]);
        assert_eq!(
            value.to_string(),
            "{\n  \"name\": \"a \\\"b\\\"\\n\",\n  \"n\": 3,\n  \"x\": 0.5,\n  \"list\": [\n    null,\n    \"b\"\n  ],\n  \"empty\": []\n}"
        );
    }
}
