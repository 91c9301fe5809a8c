//! An ordered JSON tree and a writer that formats it as Python's
//! `json.dumps(doc, ensure_ascii=False, indent=1)` does, so the sample keeps its bytes.
//! (serde_json's maps sort their keys, and the model types leave out `false` flags the
//! sample writes.)

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    pub fn obj() -> J {
        J::Obj(Vec::new())
    }

    /// Appends `key: value` (keys keep the order they are added in).
    pub fn with(mut self, key: &str, value: impl Into<J>) -> J {
        self.set(key, value);
        self
    }

    /// Sets `key`, in place if it is already there (as assigning to a Python dict does).
    pub fn set(&mut self, key: &str, value: impl Into<J>) {
        let J::Obj(fields) = self else {
            panic!("set on a non-object")
        };
        let value = value.into();
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => fields.push((key.to_string(), value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn str_of(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(J::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn int_of(&self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some(J::Int(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn is_empty_obj(&self) -> bool {
        matches!(self, J::Obj(f) if f.is_empty())
    }

    /// The text Python writes, with its trailing newline.
    pub fn to_python_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, 0);
        out.push('\n');
        out
    }
}

impl From<&str> for J {
    fn from(s: &str) -> J {
        J::Str(s.to_string())
    }
}
impl From<String> for J {
    fn from(s: String) -> J {
        J::Str(s)
    }
}
impl From<&String> for J {
    fn from(s: &String) -> J {
        J::Str(s.clone())
    }
}
impl From<i64> for J {
    fn from(n: i64) -> J {
        J::Int(n)
    }
}
impl From<f64> for J {
    fn from(x: f64) -> J {
        J::Float(x)
    }
}
impl From<bool> for J {
    fn from(b: bool) -> J {
        J::Bool(b)
    }
}
impl From<Vec<J>> for J {
    fn from(v: Vec<J>) -> J {
        J::Arr(v)
    }
}
impl From<Vec<String>> for J {
    fn from(v: Vec<String>) -> J {
        J::Arr(v.into_iter().map(J::Str).collect())
    }
}
impl From<&[&str]> for J {
    fn from(v: &[&str]) -> J {
        J::Arr(v.iter().map(|s| J::from(*s)).collect())
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push(' ');
    }
}

fn write_value(out: &mut String, v: &J, depth: usize) {
    match v {
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Int(n) => write!(out, "{n}").expect("writing to a String"),
        J::Float(x) => out.push_str(&python_float(*x)),
        J::Str(s) => write_str(out, s),
        J::Arr(items) if items.is_empty() => out.push_str("[]"),
        J::Obj(fields) if fields.is_empty() => out.push_str("{}"),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        J::Obj(fields) => {
            out.push('{');
            for (i, (k, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_str(out, k);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// Python's `repr(float)` for the finite values the sample holds: the shortest text that
/// reads back as the same number, with `.0` on whole numbers. (Python switches to exponent
/// form from 1e16 and below 1e-4; no coordinate comes near either.)
fn python_float(x: f64) -> String {
    assert!(x.is_finite(), "the sample holds no NaN or infinity");
    let a = x.abs();
    assert!(
        a == 0.0 || (1e-4..1e16).contains(&a),
        "{x} would need Python's exponent form"
    );
    format!("{x:?}")
}

/// A JSON string as Python writes it with `ensure_ascii=False`: only `"`, `\` and control
/// characters are escaped.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).expect("String"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_as_python_json_dumps_with_indent_1() {
        // json.dumps({"a": [1, {"b": "é\n\u0001"}], "e": [], "o": {}, "f": 14.5, "t": True},
        //            ensure_ascii=False, indent=1)
        let doc = J::obj()
            .with("a", vec![J::Int(1), J::obj().with("b", "é\n\u{1}")])
            .with("e", Vec::<J>::new())
            .with("o", J::obj())
            .with("f", 14.5)
            .with("t", true);
        assert_eq!(
            doc.to_python_json(),
            "{\n \"a\": [\n  1,\n  {\n   \"b\": \"é\\n\\u0001\"\n  }\n ],\n \"e\": [],\n \"o\": {},\n \"f\": 14.5,\n \"t\": true\n}\n"
        );
    }

    #[test]
    fn floats_print_as_python_repr() {
        assert_eq!(python_float(-11.0), "-11.0");
        assert_eq!(python_float(14.44776), "14.44776");
        assert_eq!(python_float(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn set_replaces_a_key_in_place() {
        let mut o = J::obj().with("a", 1i64).with("b", 2i64);
        o.set("a", 3i64);
        o.set("c", 4i64);
        assert_eq!(
            o.to_python_json(),
            "{\n \"a\": 3,\n \"b\": 2,\n \"c\": 4\n}\n"
        );
    }
}
