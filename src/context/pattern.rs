//! `.dockerignore` patterns with Docker's rules: paths are cleaned (`./`, a leading or
//! trailing `/` dropped), `*` and `?` stay inside one path segment, `**` spans any number
//! of segments, `[...]` classes, `\` escapes, `!` re-includes, the last matching line
//! wins, and a pattern that matches a directory matches everything below it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The line as written.
    pub text: String,
    pub exclusion: bool,
    segments: Vec<String>,
}

impl Pattern {
    /// Parses one line of a `.dockerignore`; None for comments and blank lines.
    pub fn parse(line: &str) -> Option<Pattern> {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            return None;
        }
        let (exclusion, body) = match t.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, t),
        };
        let cleaned = clean(body);
        if cleaned.is_empty() {
            return None;
        }
        Some(Pattern {
            text: line.to_string(),
            exclusion,
            segments: cleaned.split('/').map(str::to_string).collect(),
        })
    }

    /// Whether the pattern matches `path` (relative, `/`-separated) or one of its parents.
    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        (1..=parts.len()).any(|n| match_segments(&self.segments, &parts[..n]))
    }
}

/// `filepath.Clean` as Docker applies it, without the leading `/`.
pub fn clean(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn match_segments(pat: &[String], path: &[&str]) -> bool {
    match pat.split_first() {
        None => path.is_empty(),
        Some((p, rest)) if p == "**" => (0..=path.len()).any(|k| match_segments(rest, &path[k..])),
        Some((p, rest)) => match path.split_first() {
            Some((s, tail)) => {
                glob_segment(p.as_bytes(), s.as_bytes()) && match_segments(rest, tail)
            }
            None => false,
        },
    }
}

/// `filepath.Match` for one segment: `*`, `?`, `[...]` (with `^`/`!` negation and
/// ranges), `\` escapes.
fn glob_segment(p: &[u8], s: &[u8]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(b'*') => (0..=s.len()).any(|k| glob_segment(&p[1..], &s[k..])),
        Some(b'?') => !s.is_empty() && glob_segment(&p[1..], &s[1..]),
        Some(b'[') => {
            let Some((&c, rest)) = s.split_first() else {
                return false;
            };
            let mut i = 1;
            let negate = matches!(p.get(1), Some(b'^' | b'!'));
            if negate {
                i += 1;
            }
            let mut hit = false;
            let mut first = true;
            while i < p.len() && (p[i] != b']' || first) {
                first = false;
                let lo = p[i];
                if p.get(i + 1) == Some(&b'-') && p.get(i + 2).is_some_and(|&b| b != b']') {
                    hit |= lo <= c && c <= p[i + 2];
                    i += 3;
                } else {
                    hit |= lo == c;
                    i += 1;
                }
            }
            if i >= p.len() {
                return false; // unterminated class matches nothing, as in Go
            }
            hit != negate && glob_segment(&p[i + 1..], rest)
        }
        Some(b'\\') if p.len() > 1 => s.first() == Some(&p[1]) && glob_segment(&p[2..], &s[1..]),
        Some(&c) => s.first() == Some(&c) && glob_segment(&p[1..], &s[1..]),
    }
}

/// A `.dockerignore` file: its lines in order.
#[derive(Debug, Clone, Default)]
pub struct IgnoreFile {
    pub patterns: Vec<Pattern>,
}

impl IgnoreFile {
    pub fn parse(text: &str) -> IgnoreFile {
        IgnoreFile {
            patterns: text.lines().filter_map(Pattern::parse).collect(),
        }
    }

    /// Whether `path` is left out of the context: the last matching line decides.
    pub fn excludes(&self, path: &str) -> bool {
        let mut out = false;
        for p in &self.patterns {
            if p.matches(path) {
                out = !p.exclusion;
            }
        }
        out
    }

    /// Whether any `!` line re-includes something at or below `path`.
    pub fn reincludes_under(&self, path: &str) -> bool {
        let prefix = clean(path);
        self.patterns.iter().any(|p| {
            p.exclusion && {
                let joined = p.segments.join("/");
                joined == prefix || joined.starts_with(&format!("{prefix}/")) || p.matches(&prefix)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(lines: &str, path: &str) -> bool {
        IgnoreFile::parse(lines).excludes(path)
    }

    #[test]
    fn docker_rules() {
        assert!(
            ex("node_modules", "node_modules/x/index.js"),
            "a dir excludes its contents"
        );
        assert!(
            ex("node_modules/", "node_modules"),
            "trailing slash is cleaned away"
        );
        assert!(ex("/build", "build/out"), "leading slash is cleaned away");
        assert!(!ex("build", "src/build"), "no implicit ** prefix");
        assert!(ex("**/build", "src/build/x"));
        assert!(ex("**/*.pyc", "a/b/c.pyc"));
        assert!(ex("*.pyc", "c.pyc"));
        assert!(!ex("*.pyc", "a/c.pyc"), "* stays in one segment");
        assert!(ex("a/**/z", "a/z"));
        assert!(ex("a/**/z", "a/b/c/z"));
        assert!(ex("file?.txt", "file1.txt"));
        assert!(ex("[a-c]at", "bat"));
        assert!(!ex("[^a-c]at", "bat"));
        assert!(ex("./docs/../logs", "logs/x.log"));
        assert!(ex("\\#notacomment", "#notacomment"));
    }

    #[test]
    fn negation_and_order() {
        let f = "*.md\n!README.md\n";
        assert!(ex(f, "CHANGES.md"));
        assert!(!ex(f, "README.md"));
        assert!(ex("!README.md\n*.md\n", "README.md"), "the last match wins");
        let i = IgnoreFile::parse("node_modules\n!node_modules/keep\n");
        assert!(i.reincludes_under("node_modules"));
        assert!(!i.reincludes_under("dist"));
    }

    #[test]
    fn comments_and_blanks_are_not_patterns() {
        assert!(Pattern::parse("# a comment").is_none());
        assert!(Pattern::parse("   ").is_none());
        assert!(Pattern::parse("/").is_none());
    }
}
