//! A hand-written reader for the shell most RUN bodies are written in: simple commands
//! (assignments, quoted words, `$VAR`, `${VAR:-x}`, `$(...)`, redirections), `[ ]` and
//! `[[ ]]` tests, `{ }` groups, subshells, `if`, `for`, `while`/`until` and `case`,
//! functions and comments, joined by `&&`, `||`, `|`, `;` and newlines. It yields the statements and
//! commands the tree-sitter walk in `shell.rs` yields wherever tree-sitter reads the
//! body as the shell does (checked over every RUN body of the shared corpus by a test,
//! and by the `shell` fuzz target), in a fraction of the time. It gives up (`None`) on
//! anything else (`&`, backquotes with backslashes or newlines inside, here-documents,
//! arithmetic, arrays, and names and words tree-sitter reads its own way), which
//! tree-sitter then reads. Plain backquoted substitutions are read here because
//! tree-sitter misreads a redirection after one (`echo `x` && y > f` reads as a
//! redirection of the whole list), which left such bodies to no transform.

use std::ops::Range;

use super::shell::{Command, Redirect, Separator, ShellWord, Statement, unquote};

/// What the reader found: what [`super::ShellBody`] holds (a body it accepts has no
/// background job and no syntax error).
pub struct Read {
    pub statements: Vec<Statement>,
    pub commands: Vec<Command>,
    pub top_level_or: bool,
    pub has_comment: bool,
    pub defines_function: bool,
    pub has_test: bool,
}

/// Reads `src` (a body mask starting at file offset `base`), or `None` when it is
/// shell this reader leaves to tree-sitter.
pub fn read(src: &str, base: usize) -> Option<Read> {
    let mut r = Reader::new(src, base);
    // tree-sitter finds a line continuation with nothing after it an error.
    if src.trim_end_matches([' ', '\t', '\n']).ends_with('\\') {
        return None;
    }
    let statements = r.list(End::Input, true).filter(|_| !r.bad)?;
    Some(Read {
        statements,
        commands: r.commands,
        top_level_or: r.or,
        has_comment: r.comment,
        defines_function: r.function,
        has_test: r.test,
    })
}

/// Words tree-sitter reads as something other than a simple command's name.
const KEYWORDS: &[&str] = &[
    "if", "then", "elif", "else", "fi", "case", "esac", "for", "select", "while", "until", "do",
    "done", "function", "in", "time", "coproc", "{", "}", "!", "[", "[[", "]]",
];
const DECLARATIONS: &[&str] = &["export", "declare", "typeset", "readonly", "local"];
const UNSETS: &[&str] = &["unset", "unsetenv"];

/// What ends a list of statements.
#[derive(Clone, Copy)]
enum End {
    /// The end of the body.
    Input,
    /// `)` of a subshell or `$(...)`.
    Paren,
    /// One of these reserved words (`then`, `fi`, `done`, `}`, ...).
    Words(&'static [&'static str]),
    /// `;;`, `;&` or `esac` after a `case` item.
    CaseItem,
}

struct Reader<'a> {
    src: &'a str,
    s: &'a [u8],
    i: usize,
    base: usize,
    /// Index of the top-level statement being read.
    top: usize,
    commands: Vec<Command>,
    /// Per command: it runs in a command substitution (its output is captured, so a
    /// redirection of a compound command around it does not apply).
    captured: Vec<bool>,
    /// A `||` in a top-level and-or list.
    or: bool,
    /// A comment was skipped.
    comment: bool,
    /// Something tree-sitter does not read was skipped (a control character in a
    /// comment).
    bad: bool,
    /// Subshells and command substitutions around the reader.
    subshells: usize,
    /// A function is defined outside any subshell.
    function: bool,
    /// A test expression (`[ ... ]`, `[[ ... ]]`) was read.
    test: bool,
    /// Nested lists being read (bounded: deeper bodies go to tree-sitter, which
    /// leaves the deepest alone).
    depth: usize,
}

/// Deepest nesting of lists read by hand (real scripts stay far below).
const MAX_DEPTH: usize = 64;

/// A word read: its range in `src` and the command substitutions inside it.
struct WordAt {
    range: Range<usize>,
    substitutions: Vec<Command>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src` (a body mask starting at file offset `base`).
    fn new(src: &'a str, base: usize) -> Reader<'a> {
        Reader {
            src,
            s: src.as_bytes(),
            i: 0,
            base,
            top: 0,
            commands: Vec::new(),
            captured: Vec::new(),
            or: false,
            comment: false,
            depth: 0,
            bad: false,
            subshells: 0,
            function: false,
            test: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    fn file(&self, r: &Range<usize>) -> Range<usize> {
        self.base + r.start..self.base + r.end
    }

    /// Blanks, line continuations and a comment between tokens.
    fn blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.i += 1,
                Some(b'\\') if self.at(1) == Some(b'\n') => self.i += 2,
                Some(b'#') => {
                    self.comment = true;
                    while let Some(c) = self.peek().filter(|&c| c != b'\n') {
                        if c.is_ascii_control() && c != b'\t' {
                            self.bad = true;
                        }
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn blanks_and_newlines(&mut self) {
        loop {
            self.blanks();
            if self.peek() == Some(b'\n') {
                self.i += 1;
            } else {
                return;
            }
        }
    }

    /// The token that starts here, up to a blank or an operator character.
    fn token(&self) -> &'a str {
        let rest = &self.s[self.i..];
        let n = rest
            .iter()
            .take_while(|c| {
                !matches!(
                    c,
                    b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' | b'`'
                )
            })
            .count();
        &self.src[self.i..self.i + n]
    }

    /// Consumes the reserved word `k`.
    fn keyword(&mut self, k: &str) -> Option<()> {
        (self.token() == k).then(|| self.i += k.len())
    }

    fn at_end(&self, end: End) -> bool {
        match end {
            End::Input => self.peek().is_none(),
            End::Paren => self.peek() == Some(b')'),
            End::Words(words) => words.contains(&self.token()),
            End::CaseItem => {
                let rest = &self.s[self.i..];
                rest.starts_with(b";;") || rest.starts_with(b";&") || self.token() == "esac"
            }
        }
    }

    /// Statements up to `end`. Only top-level ones are returned (with their
    /// separators); a nested list must not be empty, except a `case` item's.
    fn list(&mut self, end: End, top_level: bool) -> Option<Vec<Statement>> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let read = self.statements(end, top_level);
        self.depth -= 1;
        read
    }

    fn statements(&mut self, end: End, top_level: bool) -> Option<Vec<Statement>> {
        let mut statements: Vec<Statement> = Vec::new();
        let mut count = 0;
        loop {
            self.blanks_and_newlines();
            if self.at_end(end) {
                break;
            }
            self.peek()?;
            if top_level {
                if let Some(prev) = statements.last_mut()
                    && prev.separator.is_none()
                {
                    prev.separator = Some(Separator::Newline);
                }
                self.top = statements.len();
            }
            let start = self.i;
            let stop = self.and_or(top_level)?;
            count += 1;
            if top_level {
                statements.push(Statement {
                    range: self.file(&(start..stop)),
                    separator: None,
                });
            }
            self.blanks();
            match self.peek() {
                Some(b';') if !matches!(self.at(1), Some(b';' | b'&')) => {
                    self.i += 1;
                    if let Some(last) = statements.last_mut() {
                        last.separator = Some(Separator::Semicolon);
                    }
                }
                Some(b'\n') | None => {}
                _ if self.at_end(end) => {}
                _ => return None,
            }
        }
        (top_level || count > 0 || matches!(end, End::CaseItem)).then_some(statements)
    }

    /// `a && b || c`; returns where the last pipeline ends.
    fn and_or(&mut self, top_level: bool) -> Option<usize> {
        let mut end = self.pipeline()?;
        loop {
            self.blanks();
            match (self.peek(), self.at(1)) {
                (Some(b'&'), Some(b'&')) => {}
                (Some(b'|'), Some(b'|')) => self.or |= top_level,
                _ => return Some(end),
            }
            self.i += 2;
            self.blanks_and_newlines();
            end = self.pipeline()?;
        }
    }

    /// `a | b | c`: every element but the last runs in a subshell.
    fn pipeline(&mut self) -> Option<usize> {
        let first = self.commands.len();
        let mut last;
        let mut end;
        loop {
            last = self.commands.len();
            end = self.command()?;
            self.blanks();
            if self.peek() == Some(b'|') && !matches!(self.at(1), Some(b'|' | b'&')) {
                self.i += 1;
                self.blanks_and_newlines();
                continue;
            }
            break;
        }
        self.mark(first..last, true, false);
        Some(end)
    }

    fn mark(&mut self, commands: Range<usize>, isolated: bool, nested: bool) {
        for c in &mut self.commands[commands] {
            c.isolated |= isolated;
            c.nested |= nested;
        }
    }

    /// One element of a pipeline: a simple command, a compound command or a test.
    fn command(&mut self) -> Option<usize> {
        let from = self.commands.len();
        if self.peek() == Some(b'(') {
            if self.at(1) == Some(b'(') {
                return None; // arithmetic
            }
            self.i += 1;
            self.subshells += 1;
            let read = self.list(End::Paren, false);
            self.subshells -= 1;
            read?;
            (self.peek() == Some(b')')).then(|| self.i += 1)?;
            let n = self.commands.len();
            self.mark(from..n, true, false);
            return self.after_compound(from);
        }
        match self.token() {
            "!" => {
                self.i += 1;
                self.blanks();
                // tree-sitter misreads a negated compound command (`! { a; }`).
                if self.peek() == Some(b'(') || KEYWORDS.contains(&self.token()) {
                    return None;
                }
                self.simple_command()
            }
            "{" => {
                self.brace_group()?;
                self.after_compound(from)
            }
            name if self.s[self.i + name.len()..].starts_with(b"()") => {
                // `name() { ... }`: its commands run when it is called.
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                {
                    return None;
                }
                self.i += name.len() + 2;
                self.blanks_and_newlines();
                self.brace_group()?;
                self.function |= self.subshells == 0;
                self.nested_from(from)
            }
            "[" => self.test("]", from),
            "[[" => self.test("]]", from),
            "if" => {
                self.i += 2;
                self.list(End::Words(&["then"]), false)?;
                self.keyword("then")?;
                self.list(End::Words(&["elif", "else", "fi"]), false)?;
                loop {
                    match self.token() {
                        "elif" => {
                            self.i += 4;
                            self.list(End::Words(&["then"]), false)?;
                            self.keyword("then")?;
                            self.list(End::Words(&["elif", "else", "fi"]), false)?;
                        }
                        "else" => {
                            self.i += 4;
                            self.list(End::Words(&["fi"]), false)?;
                            self.keyword("fi")?;
                            break;
                        }
                        "fi" => {
                            self.i += 2;
                            break;
                        }
                        _ => return None,
                    }
                }
                self.nested_from(from)
            }
            "while" | "until" => {
                self.i += self.token().len();
                self.list(End::Words(&["do"]), false)?;
                self.do_group()?;
                self.nested_from(from)
            }
            "for" => {
                self.i += 3;
                self.blanks();
                let name = self.token();
                if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    return None;
                }
                self.i += name.len();
                self.blanks();
                if self.keyword("in").is_some() {
                    loop {
                        self.blanks();
                        if matches!(self.peek(), Some(b';' | b'\n') | None) {
                            break;
                        }
                        let w = self.word()?;
                        self.add_substitutions(w.substitutions);
                    }
                }
                if self.peek() == Some(b';') {
                    self.i += 1;
                }
                self.blanks_and_newlines();
                self.do_group()?;
                self.nested_from(from)
            }
            "case" => {
                self.i += 4;
                self.blanks();
                let subject = self.word()?;
                self.add_substitutions(subject.substitutions);
                self.blanks_and_newlines();
                self.keyword("in")?;
                loop {
                    self.blanks_and_newlines();
                    if self.keyword("esac").is_some() {
                        break;
                    }
                    if self.peek() == Some(b'(') {
                        self.i += 1;
                        self.blanks();
                    }
                    loop {
                        if !self.word()?.substitutions.is_empty() {
                            return None;
                        }
                        self.blanks();
                        match self.peek() {
                            Some(b'|') => {
                                self.i += 1;
                                self.blanks();
                            }
                            Some(b')') => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                    self.list(End::CaseItem, false)?;
                    self.blanks_and_newlines();
                    for end in [&b";;&"[..], b";;", b";&"] {
                        if self.s[self.i..].starts_with(end) {
                            self.i += end.len();
                            break;
                        }
                    }
                }
                self.nested_from(from)
            }
            t if KEYWORDS.contains(&t) => None,
            _ => self.simple_command(),
        }
    }

    /// `{ list }`.
    fn brace_group(&mut self) -> Option<()> {
        self.keyword("{")?;
        self.list(End::Words(&["}"]), false)?;
        self.keyword("}")
    }

    /// `do list done`.
    fn do_group(&mut self) -> Option<()> {
        self.keyword("do")?;
        self.list(End::Words(&["done"]), false)?;
        self.keyword("done")
    }

    /// Marks the commands of a loop or conditional as nested; returns its end.
    fn nested_from(&mut self, from: usize) -> Option<usize> {
        let n = self.commands.len();
        self.mark(from..n, false, true);
        self.after_compound(from)
    }

    /// Redirections after a compound command (from command `from` on): they apply to
    /// every command in it but those of substitutions. Returns its end.
    fn after_compound(&mut self, from: usize) -> Option<usize> {
        let mut end = self.i;
        self.blanks();
        let mut redirects = Vec::new();
        while self.redirect_ahead() {
            let (e, r) = self.redirect()?;
            end = e;
            redirects.push(r);
            self.blanks();
        }
        if self.word_ahead() {
            return None;
        }
        if !redirects.is_empty() {
            for (c, captured) in self.commands[from..].iter_mut().zip(&self.captured[from..]) {
                if !captured {
                    c.redirected = true;
                    c.redirects.extend(redirects.iter().cloned());
                }
            }
        }
        Some(end)
    }

    /// `[ ... ]` or `[[ ... ]]`: no command of its own, only the substitutions in it.
    fn test(&mut self, close: &str, from: usize) -> Option<usize> {
        self.test = true;
        self.i += close.len();
        // Its words: tree-sitter reads them as a test expression and finds an error in
        // any it cannot (`[[ -d a b ]]`, `[ a b ]`), so the reader takes only those it
        // is sure make one.
        let mut words: Vec<String> = Vec::new();
        loop {
            // Only spaces between its words: tree-sitter reads tabs, continuations and
            // comments inside a test its own way.
            if self.peek() != Some(b' ') {
                return None;
            }
            while self.peek() == Some(b' ') {
                self.i += 1;
            }
            if matches!(self.peek(), Some(b'\t' | b'\\' | b'#')) {
                return None;
            }
            let t = self.token();
            if t == close {
                self.i += t.len();
                break;
            }
            if t == "!" || t == "!=" {
                self.i += t.len();
                words.push(t.to_string());
                continue;
            }
            // `=~` and a word opening with a bracket (`]/x`) tree-sitter reads its own way.
            if t.starts_with("=~") || t.starts_with([']', '[']) || !self.word_ahead() {
                return None;
            }
            let w = self.word()?;
            let text = &self.src[w.range.clone()];
            // A word that opens like an assignment (`x=1`, `x+=1`, `a[1]=b`, `x==`)
            // tree-sitter may read as one and find the test an error (`[ x=1"$y" = z ]`,
            // found by the shell fuzz target), so the body is left to it.
            if assignment_like(text) {
                return None;
            }
            words.push(text.to_string());
            self.add_substitutions(w.substitutions);
        }
        let joins: &[&str] = if close == "]]" { &[] } else { &["-a", "-o"] };
        if !expression(&words, joins) {
            return None;
        }
        self.after_compound(from)
    }

    /// Assignments, a name and arguments, then redirections; returns its end.
    fn simple_command(&mut self) -> Option<usize> {
        let top = self.top;
        let start = self.i;
        let mut assignments: Vec<WordAt> = Vec::new();
        while self.assignment_ahead() {
            let a = self.word()?;
            // An empty value right before `|` (`X=|ff p`): tree-sitter may find that an
            // error where the shell pipes the assignment (found by the shell fuzz
            // target), so the body is left to it.
            if self.src[a.range.clone()].ends_with('=') && self.peek() == Some(b'|') {
                return None;
            }
            assignments.push(a);
            self.blanks();
        }
        if !self.word_ahead() {
            // Bare assignments: one command for them all, as tree-sitter's walk makes.
            let (first, last) = (assignments.first()?, assignments.last()?);
            if self.redirect_ahead() {
                return None;
            }
            let range = first.range.start..last.range.end;
            let r = self.file(&range);
            let text = self.src[range.clone()].to_string();
            self.push(Command {
                name: String::new(),
                name_range: r.clone(),
                args: vec![ShellWord {
                    value: text,
                    range: r.clone(),
                }],
                range: r,
                top,
                isolated: false,
                nested: false,
                redirected: false,
                assignments: Vec::new(),
                redirects: Vec::new(),
            });
            for a in assignments {
                self.add_substitutions(a.substitutions);
            }
            return Some(range.end);
        }
        let name = self.word()?;
        let name_text = &self.src[name.range.clone()];
        // After an assignment, tree-sitter reads `a:b` as the start of one too.
        // A reserved word right before a quote or an expansion (`if"x"`, `do$y`): the
        // shell reads one word, tree-sitter the reserved word (found by the shell fuzz
        // target).
        let literal = name_text
            .split(['"', '\'', '$', '\\'])
            .next()
            .unwrap_or(name_text);
        if KEYWORDS.contains(&name_text)
            || KEYWORDS.contains(&literal)
            || !plain_name(name_text)
            || (!assignments.is_empty() && name_text.contains(':'))
        {
            return None;
        }
        let declaration = DECLARATIONS.contains(&name_text) || UNSETS.contains(&name_text);
        // Arguments, and redirections anywhere among them (`echo >&2 "msg"`).
        let mut args: Vec<WordAt> = Vec::new();
        let mut end = name.range.end;
        let mut redirects = Vec::new();
        loop {
            self.blanks();
            if self.redirect_ahead() {
                if declaration {
                    return None;
                }
                let (e, r) = self.redirect()?;
                // tree-sitter finds an error in a here-string after another redirection
                // (`cat <in <<< "$x"`), which the shell reads.
                if r.op.ends_with("<<<") && !redirects.is_empty() {
                    return None;
                }
                end = e;
                redirects.push(r);
            } else if self.word_ahead() {
                let w = self.word()?;
                end = w.range.end;
                args.push(w);
            } else {
                break;
            }
        }
        if declaration && !args.iter().all(|a| declared(&self.s[a.range.clone()])) {
            return None;
        }
        // tree-sitter ends a command at a here-string after its arguments, at its last
        // argument otherwise (other redirections wrap it).
        let command_end = args.last().map_or(name.range.end, |a| a.range.end).max(
            redirects
                .iter()
                .filter(|r| r.op.ends_with("<<<"))
                .map(|r| r.target.range.end - self.base)
                .max()
                .unwrap_or(0),
        );
        let word = |w: &WordAt| ShellWord {
            value: unquote(&self.src[w.range.clone()]),
            range: self.file(&w.range),
        };
        let command = Command {
            name: if declaration {
                name_text.to_string()
            } else {
                unquote(name_text)
            },
            name_range: self.file(&name.range),
            args: args.iter().map(word).collect(),
            range: self.file(&(start..command_end)),
            top,
            isolated: false,
            nested: false,
            redirected: !redirects.is_empty(),
            assignments: assignments
                .iter()
                .map(|a| self.src[a.range.clone()].to_string())
                .collect(),
            redirects,
        };
        if declaration && !assignments.is_empty() {
            return None;
        }
        self.push(command);
        // tree-sitter's walk does not look inside declarations.
        if !declaration {
            for w in assignments.into_iter().chain([name]).chain(args) {
                self.add_substitutions(w.substitutions);
            }
        }
        Some(end)
    }

    fn push(&mut self, c: Command) {
        self.commands.push(c);
        self.captured.push(false);
    }

    /// Adds the commands of the substitutions in a word.
    fn add_substitutions(&mut self, subs: Vec<Command>) {
        self.captured.extend(subs.iter().map(|_| true));
        self.commands.extend(subs);
    }

    /// The commands of a command substitution up to `end` (they run in a subshell),
    /// added to `subs` rather than to the body's commands: they follow the command
    /// whose word holds them.
    fn substitution(&mut self, end: End, subs: &mut Vec<Command>) -> Option<()> {
        let saved = std::mem::take(&mut self.commands);
        let saved_captured = std::mem::take(&mut self.captured);
        self.subshells += 1;
        let read = self.list(end, false);
        self.subshells -= 1;
        let inner = std::mem::replace(&mut self.commands, saved);
        self.captured = saved_captured;
        read?;
        subs.extend(inner.into_iter().map(|c| Command {
            isolated: true,
            ..c
        }));
        Some(())
    }

    /// A backquoted command substitution (`` `uname -m` ``), inside double quotes when
    /// `quoted`. The shell first cuts its text at the next backquote, then reads that as
    /// a script, after removing the backslash of `\$`, `` \` `` and `\\`: text with a
    /// backslash (or a newline) inside is left to tree-sitter, and so are quotes inside
    /// a double-quoted one (POSIX leaves their pairing undefined). So is a `#` inside:
    /// the shell ends a comment there at the closing backquote (`` `# note` `` runs
    /// nothing), tree-sitter reads it on past the backquote to the end of the line.
    fn backquoted(&mut self, subs: &mut Vec<Command>, quoted: bool) -> Option<()> {
        let open = self.i;
        let close = open + 1 + self.s[open + 1..].iter().position(|&c| c == b'`')?;
        let inside = &self.s[open + 1..close];
        if inside
            .iter()
            .any(|&c| matches!(c, b'\\' | b'\n' | b'\r' | b'#'))
            || (quoted && inside.iter().any(|&c| c == b'"' || c == b'\''))
        {
            return None;
        }
        // The inside read on its own, as the shell does: nothing past the closing
        // backquote is seen (a comment ends there).
        let mut inner = Reader {
            i: open + 1,
            top: self.top,
            depth: self.depth,
            subshells: self.subshells + 1,
            ..Reader::new(&self.src[..close], self.base)
        };
        inner.list(End::Input, false)?;
        if inner.bad || inner.i != close {
            return None;
        }
        subs.extend(inner.commands.into_iter().map(|c| Command {
            isolated: true,
            ..c
        }));
        self.i = close + 1;
        Some(())
    }

    /// `NAME=` (with a value or not) follows.
    fn assignment_ahead(&self) -> bool {
        let rest = &self.s[self.i..];
        if !rest
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return false;
        }
        let n = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        rest.get(n) == Some(&b'=') || rest[n..].starts_with(b"+=")
    }

    fn word_ahead(&self) -> bool {
        match self.peek() {
            None => false,
            Some(c) => {
                !matches!(
                    c,
                    b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b')'
                ) && !self.redirect_ahead()
            }
        }
    }

    /// `>`, `>>`, `<`, `2>`, `2>&1`, `&>`, `>&2`, `<<<`, ... (not here-documents).
    fn redirect_ahead(&self) -> bool {
        let rest = &self.s[self.i..];
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let op = &rest[digits..];
        if digits == 0 && op.starts_with(b"&>") {
            return true;
        }
        matches!(op.first(), Some(b'>' | b'<'))
    }

    /// One redirection and its target, with where it ends; `None` for forms left to
    /// tree-sitter.
    fn redirect(&mut self) -> Option<(usize, Redirect)> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        // A descriptor of several digits (`334<<< x`, found by the shell fuzz target)
        // tree-sitter may find an error in, and dash reads only one digit.
        if self.i - start > 1 {
            return None;
        }
        // A here-string (`<<< word`) feeds the word to the command: no file.
        let ops: [&[u8]; 8] = [b"<<<", b"&>>", b"&>", b">>", b">&", b"<&", b">", b"<"];
        let rest = &self.s[self.i..];
        let op = ops.iter().find(|o| rest.starts_with(o))?;
        let after = rest.get(op.len()).copied();
        if matches!(after, Some(b'<' | b'>' | b'(' | b'|')) {
            return None; // `<<`, `<<<`, `<>`, `>(`, `>|`
        }
        self.i += op.len();
        self.blanks();
        let target = self.word()?;
        if !target.substitutions.is_empty() {
            return None;
        }
        let redirect = Redirect {
            op: self.src[start..target.range.start].trim().to_string(),
            target: ShellWord {
                value: unquote(&self.src[target.range.clone()]),
                range: self.file(&target.range),
            },
        };
        Some((target.range.end, redirect))
    }

    /// A word: unquoted characters, quotes, escapes and expansions up to a blank or
    /// an operator.
    fn word(&mut self) -> Option<WordAt> {
        let start = self.i;
        let mut subs = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b')' => break,
                b'\'' => {
                    let end = self.s[self.i + 1..].iter().position(|&c| c == b'\'')?;
                    let inside = &self.s[self.i + 1..self.i + 1 + end];
                    if inside
                        .iter()
                        .any(|&c| c.is_ascii_control() && !matches!(c, b'\t' | b'\n'))
                    {
                        return None;
                    }
                    self.i += end + 2;
                }
                b'"' => self.double_quoted(&mut subs)?,
                b'$' => self.dollar(&mut subs)?,
                b'`' => self.backquoted(&mut subs, false)?,
                b'\\' => match self.at(1) {
                    // tree-sitter drops an escaped blank from the word.
                    Some(b'\n' | b' ') | None => return None,
                    Some(n) if !n.is_ascii() || n.is_ascii_control() => return None,
                    Some(_) => self.i += 2,
                },
                c if c.is_ascii_alphanumeric() => self.i += 1,
                b'-' | b'_' | b'.' | b'/' | b':' | b',' | b'=' | b'+' | b'@' | b'%' | b'^'
                | b'~' | b'*' | b'?' | b']' | b'{' | b'}' => self.i += 1,
                // A bracket glob inside a word (`a[xy]`); tree-sitter reads one that
                // opens a word or runs past a blank its own way.
                b'[' => {
                    let rest = &self.s[self.i..];
                    let close = rest.iter().position(|&c| c == b']')?;
                    if self.i == start
                        || rest[..close].iter().any(|c| {
                            !c.is_ascii_alphanumeric()
                                && !matches!(c, b'[' | b'-' | b'_' | b'.' | b',' | b':')
                        })
                    {
                        return None;
                    }
                    self.i += 1;
                }
                // Parentheses, `!`, `#`, control and non-ASCII characters: left to
                // tree-sitter.
                _ => return None,
            }
        }
        // tree-sitter reads `a4<f` as a redirection of descriptor 4.
        if matches!(self.peek(), Some(b'<' | b'>')) && self.s[self.i - 1].is_ascii_digit() {
            return None;
        }
        (self.i > start).then_some(WordAt {
            range: start..self.i,
            substitutions: subs,
        })
    }

    fn double_quoted(&mut self, subs: &mut Vec<Command>) -> Option<()> {
        self.i += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => {
                    if self.at(1)?.is_ascii_control() && self.at(1) != Some(b'\n') {
                        return None;
                    }
                    self.i += 2;
                }
                b'$' if self.at(1) == Some(b'\'') => return None,
                b'$' => self.dollar(subs)?,
                b'`' => self.backquoted(subs, true)?,
                b'\n' | b'\r' => return None,
                c if c.is_ascii_control() && c != b'\t' => return None,
                _ => self.i += 1,
            }
        }
    }

    /// `$NAME`, `$1`, `$?`, `${NAME...}` or `$(commands)`.
    fn dollar(&mut self, subs: &mut Vec<Command>) -> Option<()> {
        match self.at(1)? {
            c if c.is_ascii_alphabetic() || c == b'_' => {
                self.i += 1;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.i += 1;
                }
            }
            c if c.is_ascii_digit() || matches!(c, b'@' | b'?' | b'$' | b'*' | b'!') => {
                self.i += 2;
                // tree-sitter may read `$${x` as `$` and an unclosed `${x`.
                if self.peek() == Some(b'{') {
                    return None;
                }
            }
            b'{' => {
                let end = self.s[self.i + 2..].iter().position(|&c| c == b'}')?;
                if !plain_parameter(&self.s[self.i + 2..self.i + 2 + end]) {
                    return None;
                }
                self.i += end + 3;
            }
            b'\'' => {
                // `$'...'`: backslash escapes, `\'` among them.
                let mut k = self.i + 2;
                loop {
                    match *self.s.get(k)? {
                        b'\\' => k += 2,
                        b'\'' => break,
                        c if c.is_ascii_control() && c != b'\t' => return None,
                        _ => k += 1,
                    }
                }
                self.i = k + 1;
            }
            b'(' if self.at(2) != Some(b'(') => {
                self.i += 2;
                self.substitution(End::Paren, subs)?;
                (self.peek() == Some(b')')).then(|| self.i += 1)?;
            }
            _ => return None,
        }
        // `$a[0]` reads to tree-sitter like an array element, `$a+=` like an assignment.
        let rest = &self.s[self.i..];
        (!rest.starts_with(b"[") && !rest.starts_with(b"+=")).then_some(())
    }
}

/// The inside of `${...}`: a name, optionally with a default, alternative, error or
/// trimming operator and a plain value (`NAME:-x`, `NAME##*/`).
fn plain_parameter(inner: &[u8]) -> bool {
    let name = match inner.first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => inner
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count(),
        Some(c) if c.is_ascii_digit() => inner.iter().take_while(|c| c.is_ascii_digit()).count(),
        _ => return false,
    };
    let rest = &inner[name..];
    if rest.is_empty() {
        return true;
    }
    const OPS: [&[u8]; 14] = [
        b":-", b":=", b":+", b":?", b"##", b"%%", b"//", b"-", b"=", b"+", b"?", b"#", b"%", b"/",
    ];
    let Some(op) = OPS.iter().find(|o| rest.starts_with(o)) else {
        return false;
    };
    rest[op.len()..].iter().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'_' | b'.' | b'/' | b':' | b'@' | b',' | b'+' | b'=' | b'%' | b'~' | b'*'
            )
    })
}

/// A command name tree-sitter reads as one: no glob, bracket, brace (but in `${...}`),
/// nor `=`, `@` or `%` (after a name it reads those as the start of an expansion:
/// `a@b`, `A[x]=1`).
fn plain_name(name: &str) -> bool {
    let b = name.as_bytes();
    // A name starting with `-` tree-sitter may read as part of an expression
    // (`- n?de:20` is an error for it); one starting with a variable name and `+` it
    // reads as the start of an `a+=` assignment (`a+:b` is an error for it).
    let ident = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    let appends = ident > 0 && !b[0].is_ascii_digit() && b.get(ident) == Some(&b'+');
    !name.starts_with('-')
        && !appends
        && b.iter().enumerate().all(|(k, &c)| match c {
            b'{' => k > 0 && b[k - 1] == b'$',
            b'}' => name[..k].contains("${"),
            b'[' | b']' | b'=' | b'?' | b'*' | b'@' | b'%' => false,
            _ => true,
        })
}

/// An argument of `export`/`unset`/... tree-sitter reads: an option, a name, or an
/// assignment.
fn declared(arg: &[u8]) -> bool {
    if let Some(opt) = arg.strip_prefix(b"-") {
        return !opt.is_empty() && opt.iter().all(u8::is_ascii_alphabetic);
    }
    let n = arg
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    let rest = &arg[n..];
    n > 0
        && !arg[0].is_ascii_digit()
        && (rest.is_empty() || rest.starts_with(b"=") || rest.starts_with(b"+="))
}

/// A test word whose text before its first `=` is only name characters, brackets or
/// `+` (and not empty): the shape of an assignment, not an operator.
fn assignment_like(word: &str) -> bool {
    word.split_once('=').is_some_and(|(head, _)| {
        !head.is_empty()
            && head
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'[' | b']' | b'+'))
    })
}

/// Whether `words` make a test expression: terms (a word, a unary test or a binary
/// one, each after any `!`s) joined by `joins`. Parentheses, `&&` and `||` never reach
/// here (the reader leaves them to tree-sitter).
fn expression(words: &[String], joins: &[&str]) -> bool {
    const BINARY: &[&str] = &[
        "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
    ];
    let unary =
        |w: &str| w.len() == 2 && w.starts_with('-') && w.as_bytes()[1].is_ascii_alphabetic();
    let mut i = 0;
    loop {
        while words.get(i).is_some_and(|w| w == "!") {
            i += 1;
        }
        let Some(first) = words.get(i) else {
            return false;
        };
        i += match (words.get(i + 1), words.get(i + 2)) {
            (Some(op), Some(_)) if BINARY.contains(&op.as_str()) => 3,
            (Some(_), _) if unary(first) => 2,
            _ => 1,
        };
        match words.get(i) {
            None => return true,
            Some(j) if joins.contains(&j.as_str()) => i += 1,
            Some(_) => return false,
        }
    }
}
