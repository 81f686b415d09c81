//! The scripts that sed and awk run, read for what they do besides editing their input:
//! the files they write or read by name and the commands they run. A script not read in
//! full gives `None`, and the command's facts are then unknown.

/// What a script does to files and processes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScriptFiles {
    pub writes: Vec<String>,
    pub reads: Vec<String>,
    /// It runs commands (sed's `e`, `s///e`).
    pub runs: bool,
}

pub fn files(lang: &str, text: &str) -> Option<ScriptFiles> {
    match lang {
        "sed" => sed(text),
        "awk" => awk(text),
        _ => None,
    }
}

/// A sed script, as GNU sed 4.9 reads it (sed(1), "sed scripts" in its manual): the
/// commands `w`, `W` and the `s` flag `w` write the file named by the rest of the
/// line, `r` and `R` read one, `e` and the `s` flag `e` run commands. The delimiter of
/// a regular expression ends it wherever it is not escaped, brackets included (GNU's
/// `match_slash`).
fn sed(text: &str) -> Option<ScriptFiles> {
    let b: Vec<char> = text.chars().collect();
    let mut out = ScriptFiles::default();
    let mut i = 0;
    let blank = |c: char| c == ' ' || c == '\t';
    let skip_blanks = |i: &mut usize| {
        while b.get(*i).copied().is_some_and(blank) {
            *i += 1;
        }
    };
    // The rest of the line: a file name, a label, the text of `a`, `i`, `c`.
    let rest_of_line = |i: &mut usize| -> String {
        let start = *i;
        while b.get(*i).is_some_and(|c| *c != '\n') {
            *i += 1;
        }
        b[start..*i].iter().collect()
    };
    loop {
        while b.get(i).is_some_and(|c| c.is_whitespace() || *c == ';') {
            i += 1;
        }
        let Some(&c) = b.get(i) else { break };
        if c == '#' {
            rest_of_line(&mut i);
            continue;
        }
        // Up to two addresses, then `!`.
        if address(&b, &mut i)? {
            skip_blanks(&mut i);
            if b.get(i) == Some(&',') {
                i += 1;
                skip_blanks(&mut i);
                if matches!(b.get(i), Some('+' | '~')) {
                    i += 1;
                }
                if !address(&b, &mut i)? {
                    return None;
                }
            }
        }
        skip_blanks(&mut i);
        while b.get(i) == Some(&'!') {
            i += 1;
            skip_blanks(&mut i);
        }
        let cmd = *b.get(i)?;
        i += 1;
        match cmd {
            '{' | '}' | '=' | 'd' | 'D' | 'g' | 'G' | 'h' | 'H' | 'n' | 'N' | 'p' | 'P' | 'x'
            | 'z' | 'F' => {}
            'l' | 'L' | 'q' | 'Q' => {
                skip_blanks(&mut i);
                while b.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
            }
            // Labels end at a newline or `;` (GNU).
            ':' | 'b' | 't' | 'T' | 'v' => {
                while b.get(i).is_some_and(|c| *c != '\n' && *c != ';') {
                    i += 1;
                }
            }
            'a' | 'i' | 'c' => {
                // Text to the end of the line; a line ending in `\` goes on.
                loop {
                    let line = rest_of_line(&mut i);
                    let escapes = line.chars().rev().take_while(|c| *c == '\\').count();
                    if escapes % 2 == 0 || i >= b.len() {
                        break;
                    }
                    i += 1;
                }
            }
            'r' | 'R' | 'w' | 'W' => {
                skip_blanks(&mut i);
                let name = rest_of_line(&mut i);
                if name.is_empty() {
                    return None;
                }
                if matches!(cmd, 'w' | 'W') {
                    out.writes.push(name);
                } else {
                    out.reads.push(name);
                }
            }
            'e' => {
                rest_of_line(&mut i);
                out.runs = true;
            }
            's' | 'y' => {
                let delim = *b.get(i)?;
                if delim == '\\' || delim == '\n' {
                    return None;
                }
                i += 1;
                delimited(&b, &mut i, delim)?;
                delimited(&b, &mut i, delim)?;
                if cmd == 's' {
                    while let Some(&f) = b.get(i) {
                        match f {
                            'g' | 'p' | 'i' | 'I' | 'm' | 'M' | '0'..='9' => i += 1,
                            'e' => {
                                out.runs = true;
                                i += 1;
                            }
                            'w' => {
                                i += 1;
                                skip_blanks(&mut i);
                                let name = rest_of_line(&mut i);
                                if name.is_empty() {
                                    return None;
                                }
                                out.writes.push(name);
                            }
                            _ => break,
                        }
                    }
                }
            }
            _ => return None,
        }
        // What may follow a command: blanks, then `;`, `}`, a newline, `#` or the end
        // (after `{`, the block's first command).
        skip_blanks(&mut i);
        if cmd != '{'
            && let Some(c) = b.get(i)
            && !matches!(c, ';' | '}' | '\n' | '#')
        {
            return None;
        }
    }
    Some(out)
}

/// Reads an address at `i`, if one is there: a line number (`3`, `1~2`), `$`, or a
/// regular expression (`/re/`, `\%re%`) with its `I` and `M` flags.
fn address(b: &[char], i: &mut usize) -> Option<bool> {
    match b.get(*i) {
        Some(c) if c.is_ascii_digit() => {
            while b.get(*i).is_some_and(|c| c.is_ascii_digit() || *c == '~') {
                *i += 1;
            }
        }
        Some('$') => *i += 1,
        Some('/') => {
            *i += 1;
            delimited(b, i, '/')?;
            flags(b, i);
        }
        Some('\\') => {
            let delim = *b.get(*i + 1)?;
            *i += 2;
            delimited(b, i, delim)?;
            flags(b, i);
        }
        _ => return Some(false),
    }
    Some(true)
}

fn flags(b: &[char], i: &mut usize) {
    while matches!(b.get(*i), Some('I' | 'M')) {
        *i += 1;
    }
}

/// Moves past the text up to the next `delim` not escaped by `\`, and past it.
fn delimited(b: &[char], i: &mut usize, delim: char) -> Option<()> {
    while let Some(&c) = b.get(*i) {
        *i += 1;
        if c == '\\' {
            *i += 1;
        } else if c == delim {
            return Some(());
        }
    }
    None
}

/// An awk program (POSIX awk, "Output Statements" and "getline"): `print` and `printf`
/// write the file a `>` or `>>` names in their statement, a string literal read as it
/// stands; `getline < FILE` reads one. A target that is not a string literal, and
/// `getline <` anything, is not known. (Pipes and `system(` run commands: the
/// program's `runs_commands_text`.)
fn awk(text: &str) -> Option<ScriptFiles> {
    let mut out = ScriptFiles::default();
    let b: Vec<char> = text.chars().collect();
    let mut i = 0;
    // Whether the statement being read is an output one, and whether it is getline.
    let (mut printing, mut getline) = (false, false);
    while i < b.len() {
        let c = b[i];
        match c {
            '"' => {
                // A string: its text is not code.
                i += 1;
                while i < b.len() && b[i] != '"' {
                    i += if b[i] == '\\' { 2 } else { 1 };
                }
            }
            '/' if !printing => {
                // A regular expression where an operand may start: skip it, so that
                // `/a>b/` is not a redirection. Division needs an operand before it.
                let before = b[..i].iter().rev().find(|c| !c.is_whitespace());
                if before.is_none_or(|p| "(,{};!&|~".contains(*p) || *p == '\n') {
                    i += 1;
                    while i < b.len() && b[i] != '/' && b[i] != '\n' {
                        i += if b[i] == '\\' { 2 } else { 1 };
                    }
                }
            }
            ';' | '}' | '{' | '\n' => (printing, getline) = (false, false),
            '>' if printing => {
                i += 1;
                if b.get(i) == Some(&'>') {
                    i += 1;
                }
                while b.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
                    i += 1;
                }
                out.writes.push(literal(&b, &mut i)?);
                continue;
            }
            '<' if getline => return None,
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
                let word: String = b[start..i].iter().collect();
                printing |= word == "print" || word == "printf";
                getline |= word == "getline";
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Some(out)
}

/// A string literal at `i` (`"out.txt"`), with no escapes; anything else is `None`.
fn literal(b: &[char], i: &mut usize) -> Option<String> {
    if b.get(*i) != Some(&'"') {
        return None;
    }
    let start = *i + 1;
    let end = start + b[start..].iter().position(|c| *c == '"')?;
    let s: String = b[start..end].iter().collect();
    if s.contains('\\') || s.is_empty() {
        return None;
    }
    *i = end + 1;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sed_writes(t: &str) -> Option<Vec<String>> {
        sed(t).map(|f| f.writes)
    }

    #[test]
    fn sed_scripts_name_what_they_write_read_and_run() {
        assert_eq!(sed(r"s/alpha/A/g"), Some(ScriptFiles::default()));
        assert_eq!(sed_writes("s/a/b/w out.txt"), Some(vec!["out.txt".into()]));
        assert_eq!(sed_writes("/x/w /tmp/x\np"), Some(vec!["/tmp/x".into()]));
        assert_eq!(sed_writes("1,/^$/d;$!N"), Some(vec![]));
        // The delimiter of `s` is any character; the text between is not a command.
        assert_eq!(sed_writes(r"s#/etc/w#/srv/w#;s|x\|y|w|"), Some(vec![]));
        assert_eq!(sed(r"/^\[a/r extra.conf").unwrap().reads, ["extra.conf"]);
        assert!(sed("1e date").unwrap().runs);
        assert!(sed("s/x/date/e").unwrap().runs);
        assert_eq!(sed_writes("/a/a\\\n w text, not a file"), Some(vec![]));
        assert_eq!(sed_writes("$a export PATH=/x:$PATH"), Some(vec![]));
        assert_eq!(sed_writes(r"\%/usr%{s//x/;p}"), Some(vec![]));
        // Not read in full: not known.
        assert_eq!(sed("s/a/b"), None);
        assert_eq!(sed("k"), None);
        assert_eq!(sed("p x"), None);
    }

    #[test]
    fn awk_programs_name_the_files_they_print_to() {
        assert_eq!(awk("{ print $1 }"), Some(ScriptFiles::default()));
        assert_eq!(
            awk("$2 > 0 { n++ } END { print n }"),
            Some(ScriptFiles::default())
        );
        assert_eq!(awk(r#"{ print > "out.txt" }"#).unwrap().writes, ["out.txt"]);
        assert_eq!(
            awk(r#"/a>b/ { printf "%s\n", $0 >> "/tmp/log" }"#)
                .unwrap()
                .writes,
            ["/tmp/log"]
        );
        assert_eq!(awk(r#"{ print "a > b" }"#), Some(ScriptFiles::default()));
        assert_eq!(awk("{ print > $1 }"), None);
        assert_eq!(awk(r#"BEGIN { getline line < "/etc/x" }"#), None);
    }
}
