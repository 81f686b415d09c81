//! Heredoc openers in an instruction line, found the way BuildKit finds them: the line is
//! split into shell words (quotes and escapes kept), and each word matching
//! `^(\d*)<<(-?)([^<]*)$` opens a heredoc whose name is the unquoted rest.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocWord {
    pub name: String,
    pub chomp: bool,
    pub expand: bool,
}

/// Splits like BuildKit's shell lexer with `RawQuotes` and `RawEscapes` on, or with
/// quotes and escapes removed when `raw` is false.
/// Variables are kept as written, as BuildKit's heredoc detection keeps them.
fn shell_words(s: &str, raw: bool) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                if raw {
                    cur.push(c);
                }
                for q in chars.by_ref() {
                    if q == '\'' {
                        if raw {
                            cur.push(q);
                        }
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                if raw {
                    cur.push(c);
                }
                while let Some(q) = chars.next() {
                    match q {
                        '"' => {
                            if raw {
                                cur.push(q);
                            }
                            break;
                        }
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if raw || !matches!(n, '"' | '\\' | '$' | '`') {
                                    cur.push('\\');
                                }
                                cur.push(n);
                            }
                        }
                        _ => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if raw {
                    cur.push(c);
                }
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// The heredocs opened by a logical instruction line, in order.
pub fn heredoc_words(line: &str) -> Vec<HeredocWord> {
    let mut out = Vec::new();
    for word in shell_words(line, true) {
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = word[digits..].strip_prefix("<<") else {
            continue;
        };
        let (chomp, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let plain = shell_words(rest, false);
        if plain.len() != 1 || plain[0].is_empty() {
            continue;
        }
        let quoted = shell_words(rest, true) != plain;
        out.push(HeredocWord {
            name: plain.into_iter().next().unwrap_or_default(),
            chomp,
            expand: !quoted,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        heredoc_words(line)
            .into_iter()
            .map(|h| (h.name, h.chomp, h.expand))
            .collect()
    }

    #[test]
    fn plain_chomp_and_quoted() {
        assert_eq!(names("RUN <<EOF"), vec![("EOF".into(), false, true)]);
        assert_eq!(names("RUN <<-EOT"), vec![("EOT".into(), true, true)]);
        assert_eq!(names("RUN <<'EOF'"), vec![("EOF".into(), false, false)]);
        assert_eq!(names(r#"RUN <<"X Y""#), vec![("X Y".into(), false, false)]);
    }

    #[test]
    fn several_and_not_first_argument() {
        assert_eq!(
            names("COPY <<a.txt <<b.txt /dest/"),
            vec![("a.txt".into(), false, true), ("b.txt".into(), false, true)]
        );
        assert_eq!(
            names("RUN python3 <<EOF > /out"),
            vec![("EOF".into(), false, true)]
        );
        assert_eq!(names("RUN 3<<FD cat"), vec![("FD".into(), false, true)]);
    }

    #[test]
    fn not_heredocs() {
        assert!(names("RUN cat<<EOF").is_empty(), "glued to a word");
        assert!(names("RUN echo '<<EOF'").is_empty(), "quoted");
        assert!(names("RUN cat << EOF").is_empty(), "space after <<");
        assert!(names("RUN echo a <<<b").is_empty(), "here-string");
        assert_eq!(
            names("RUN <<E$X"),
            vec![("E$X".into(), false, true)],
            "kept literally"
        );
        assert!(names("RUN <<'' x").is_empty(), "empty name");
    }
}
