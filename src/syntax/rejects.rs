//! Instructions BuildKit's line parser itself rejects, beyond the line rules the scanner
//! checks: `ENV`/`LABEL` that are neither `KEY value` nor all `name=value`, and JSON
//! arrays with other than strings. The adapter asks only about instructions the
//! instruction parser could not read, to tell a file BuildKit rejects from one it reads
//! and the instruction parser does not.

use super::scanner::RawInstruction;

/// BuildKit's error for this instruction, if its line parser rejects it.
pub fn rejection(r: &RawInstruction, escape: u8) -> Option<String> {
    let kw = r.keyword_text();
    let rest = r.logical.trim_start()[kw.len()..].trim_start();
    rejects(kw, rest, escape)
}

fn rejects(kw: &str, rest: &str, escape: u8) -> Option<String> {
    // Every instruction of every file passes here: the keyword is compared without
    // allocating an upper-case copy.
    let is = |k: &str| kw.eq_ignore_ascii_case(k);
    match () {
        _ if is("ENV") => name_val("ENV", rest, escape),
        _ if is("LABEL") => name_val("LABEL", rest, escape),
        _ if is("ONBUILD") => {
            let sub = rest.split(char::is_whitespace).next().unwrap_or("");
            rejects(sub, rest[sub.len()..].trim_start(), escape)
        }
        _ if ["CMD", "ENTRYPOINT", "RUN", "SHELL", "VOLUME", "ADD", "COPY"]
            .iter()
            .any(|k| is(k)) =>
        {
            non_string_array(without_flags(rest))
        }
        _ if is("HEALTHCHECK") => {
            let rest = without_flags(rest);
            let typ = rest.split(char::is_whitespace).next().unwrap_or("");
            non_string_array(rest[typ.len()..].trim_start())
        }
        _ => None,
    }
}

/// The text after leading `--flag` words.
fn without_flags(mut rest: &str) -> &str {
    while rest.starts_with("--") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest
}

/// `KEY name value` needs a value; `KEY a=1 b=2` needs `=` in every word.
fn name_val(key: &str, rest: &str, escape: u8) -> Option<String> {
    let words = words(rest, escape as char);
    let first = words.first()?;
    if !first.contains('=') {
        let mut parts = rest.splitn(2, char::is_whitespace);
        parts.next();
        return parts
            .next()
            .is_none()
            .then(|| format!("{key} must have two arguments"));
    }
    words
        .iter()
        .find(|w| !w.contains('='))
        .map(|w| format!("Syntax error - can't find = in {w:?}. Must be of the form: name=value"))
}

/// BuildKit's word split: blanks separate words, quotes and escapes are kept in them.
fn words(rest: &str, escape: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut started = false;
    let mut blank_ok = false;
    let mut quote: Option<char> = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == escape && q != '\'' {
                match chars.next() {
                    Some(n) => {
                        cur.push(c);
                        cur.push(n);
                    }
                    None => quote = None,
                }
                continue;
            }
            cur.push(c);
            continue;
        }
        if c.is_whitespace() {
            if started && (blank_ok || !cur.is_empty()) {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            started = false;
            blank_ok = false;
            continue;
        }
        started = true;
        if c == '\'' || c == '"' {
            quote = Some(c);
            blank_ok = true;
        }
        if c == escape {
            match chars.next() {
                Some(n) => {
                    cur.push(c);
                    cur.push(n);
                }
                None => continue,
            }
            continue;
        }
        cur.push(c);
    }
    if started && (blank_ok || !cur.is_empty()) {
        out.push(cur);
    }
    out
}

/// A JSON array that has an element other than a string.
fn non_string_array(rest: &str) -> Option<String> {
    if !rest.starts_with('[') {
        return None;
    }
    let v: Vec<serde_json::Value> = serde_json::from_str(rest).ok()?;
    v.iter().any(|e| !e.is_string()).then(|| {
        "when using JSON array syntax, arrays must be comprised of strings only".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_and_label_forms() {
        assert_eq!(rejects("ENV", "A=1 B=2", b'\\'), None);
        assert_eq!(rejects("env", "A 1 2 3", b'\\'), None);
        assert_eq!(
            rejects("ENV", "A", b'\\').as_deref(),
            Some("ENV must have two arguments")
        );
        assert_eq!(
            rejects("LABEL", "a=1 {{ b }}", b'\\').as_deref(),
            Some("Syntax error - can't find = in \"{{\". Must be of the form: name=value")
        );
        // A quoted blank stays inside its word.
        assert_eq!(rejects("ENV", "A=\"x y\" B='p q'", b'\\'), None);
        assert_eq!(rejects("ENV", "A=x\\ y", b'\\'), None);
        assert_eq!(rejects("ENV", "A=x` y", b'`'), None);
        assert!(rejects("ONBUILD", "ENV A=1 b", b'\\').is_some());
    }

    #[test]
    fn arrays_of_strings_only() {
        assert!(rejects("CMD", "[1, \"a\"]", b'\\').is_some());
        assert!(rejects("RUN", "--mount=type=cache,target=/x [true]", b'\\').is_some());
        assert!(rejects("HEALTHCHECK", "CMD [\"a\", null]", b'\\').is_some());
        assert_eq!(rejects("CMD", "[\"a\", \"b\"]", b'\\'), None);
        // Not JSON at all: a shell form.
        assert_eq!(rejects("CMD", "[\"a\"", b'\\'), None);
        assert_eq!(rejects("FOO", "[1]", b'\\'), None);
    }
}
