//! A manifest that is a program (Bundler's Gemfile is Ruby): the install reads only the
//! manifests when every statement is one the data lists (Bundler's DSL and Ruby's
//! conditionals) and no line calls what reads files or runs programs. Anything else
//! is not known, so the install stays after the copy.

use super::CodeData;

/// Why the install may read more than the manifest `text`: the statement or the call
/// that may, said for the advice (a clause). None when every line is one the data allows.
pub(super) fn unknown(text: &str, data: &CodeData) -> Option<String> {
    // Open brackets carried from earlier lines, and whether the last line asked for
    // more (a trailing `,`, `\` or operator): a line that goes on a statement starts
    // with an argument, not a call.
    let mut depth: i64 = 0;
    let mut goes_on = false;
    for line in text.lines() {
        let code = code_of(line);
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        let continued = depth > 0 || goes_on;
        for c in code.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        goes_on = [",", "\\", "&&", "||", "+"]
            .iter()
            .any(|e| code.ends_with(e));
        if let Some(call) = reads(code, data) {
            return Some(format!(
                "it calls `{call}`, which may read files of the project or run programs"
            ));
        }
        if continued {
            continue;
        }
        let word: String = code
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '}')
            .collect();
        if !data.statements.contains(&word) {
            let shown: String = line.trim().chars().take(40).collect();
            return Some(format!(
                "`{shown}` is not one of Bundler's statements, so what it reads is not known"
            ));
        }
    }
    None
}

/// The code of a line: string literals emptied (but for a double-quoted one with an
/// interpolation, which runs code), and a comment left out.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => break,
            '\'' | '"' => {
                let mut body = String::new();
                let mut closed = false;
                while let Some(d) = chars.next() {
                    if d == '\\' {
                        body.push(d);
                        if let Some(e) = chars.next() {
                            body.push(e);
                        }
                        continue;
                    }
                    if d == c {
                        closed = true;
                        break;
                    }
                    body.push(d);
                }
                out.push(c);
                if c == '"' && body.contains("#{") {
                    out.push_str(&body);
                }
                if closed {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A call of `data.reads` in `code` (a word of its own, not a hash key such as
/// `require: false`), or one of its forms that is not a word (a backtick).
fn reads(code: &str, data: &CodeData) -> Option<String> {
    let bytes = code.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for r in &data.reads {
        let mut at = 0;
        while let Some(i) = code[at..].find(r.as_str()) {
            let start = at + i;
            let end = start + r.len();
            at = end;
            if !r.as_bytes()[0].is_ascii_alphanumeric() && r.as_bytes()[0] != b'_' {
                return Some(r.clone());
            }
            let before_ok = start == 0 || !(word(bytes[start - 1]) || bytes[start - 1] == b':');
            let after_ok = end == bytes.len() || !word(bytes[end]);
            let key = bytes.get(end) == Some(&b':') && bytes.get(end + 1) != Some(&b':');
            if before_ok && after_ok && !key {
                return Some(r.clone());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> &'static CodeData {
        super::super::projects().kinds["bundler"]
            .code
            .as_ref()
            .unwrap()
    }

    #[test]
    fn plain_gemfiles_are_known() {
        let gemfile = r#"# frozen_string_literal: true
source "https://rubygems.org"
git_source(:github) { |repo| "https://github.com/#{repo}.git" }

ruby "3.2.2"
gem "rails", "~> 7.1.0"
gem "bootsnap", require: false
gem "pg",
    "~> 1.5", # the database
    require: "pg"
gem "sqlite3" if ENV["DB"] == "sqlite"
group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
end
"#;
        assert_eq!(unknown(gemfile, data()), None);
    }

    #[test]
    fn ruby_that_may_read_files_is_not() {
        for (gemfile, said) in [
            (
                "source 'https://rubygems.org'\nruby File.read('.ruby-version').strip\n",
                "File",
            ),
            ("gem 'x', path: Dir['vendor/*'].first\n", "Dir"),
            (
                "require_relative 'lib/versions'\ngem 'x'\n",
                "require_relative",
            ),
            ("gem 'x', `cat VERSION`\n", "`"),
            ("gem \"x\", \"#{IO.read('V')}\"\n", "IO"),
            ("versions = {}\ngem 'x'\n", "versions = {}"),
        ] {
            let why = unknown(gemfile, data());
            assert!(
                why.as_deref().is_some_and(|w| w.contains(said)),
                "{gemfile:?}: {why:?}"
            );
        }
    }

    #[test]
    fn words_in_strings_and_comments_and_keys_are_not_calls() {
        let gemfile =
            "gem 'file-tail' # reads File.read nothing\ngem \"dir_glob\", require: false\n";
        assert_eq!(unknown(gemfile, data()), None);
    }
}
