//! RUN bodies as shell trees (tree-sitter-bash), parsed from an offset-preserving mask of
//! the file so that every node's byte range is a range of the Dockerfile.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::{Node, Parser, Tree};

use super::model::{Document, Instruction};
use super::scanner::LineKind;

/// A simple command (`apt-get install -y curl`), or a builtin-like statement
/// (`export`, `unset`, `X=1`) shown as a command named for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The command name as written (`apt-get`, `/usr/bin/pip`, `export`); empty for a
    /// bare assignment `X=1`.
    pub name: String,
    pub name_range: Range<usize>,
    pub args: Vec<ShellWord>,
    /// The whole command, redirections included.
    pub range: Range<usize>,
    /// Index of the top-level statement it belongs to.
    pub top: usize,
    /// It runs in a subshell, a pipeline element other than the last, a command
    /// substitution or a background job: its state changes do not reach later commands.
    pub isolated: bool,
    /// It sits inside a function body, a loop or a conditional.
    pub nested: bool,
    /// Has a redirection of its own (`> file`, `2>&1`).
    pub redirected: bool,
    /// `NAME=value` words before the command name (its own environment).
    pub assignments: Vec<String>,
    /// Its redirections, its own first, then those of the compound commands around it
    /// (innermost first); here-documents are not listed.
    pub redirects: Vec<Redirect>,
}

/// One redirection: `>`, `2>>`, `<`, `&>`, `>&`, `<<<`, ... and its target word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator with its descriptor, as written (`2>`, `>>`, `<<<`).
    pub op: String,
    pub target: ShellWord,
}

impl Redirect {
    /// The file this redirection writes (`> f`, `>> f`, `2> f`, `&> f`), not a
    /// descriptor duplication (`>&2`, `2>&1`) or a read.
    pub fn written(&self) -> Option<&str> {
        let op = self.op.trim_start_matches(|c: char| c.is_ascii_digit());
        let dup = op.ends_with(">&")
            && (self.target.value.chars().all(|c| c.is_ascii_digit()) || self.target.value == "-");
        (op.contains('>') && !dup).then_some(self.target.value.as_str())
    }

    /// The file this redirection reads (`< f`), not a here-string.
    pub fn read(&self) -> Option<&str> {
        let op = self.op.trim_start_matches(|c: char| c.is_ascii_digit());
        (op == "<").then_some(self.target.value.as_str())
    }
}

impl Command {
    /// The program's base name (`/usr/bin/apt-get` -> `apt-get`).
    pub fn program(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    pub fn has_arg(&self, a: &str) -> bool {
        self.args.iter().any(|w| w.value == a)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The word with simple quoting removed.
    pub value: String,
    pub range: Range<usize>,
}

impl AsRef<str> for ShellWord {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

/// How a top-level statement is ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Semicolon,
    Background,
    Newline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub range: Range<usize>,
    /// The separator after this statement, if another follows or one is written.
    pub separator: Option<Separator>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ShellBody {
    /// File offset of the first byte of `mask`.
    pub base: usize,
    /// The body as the shell sees it, same length as the file range it covers.
    pub mask: String,
    /// No syntax error or missing node anywhere in the tree.
    pub clean: bool,
    pub statements: Vec<Statement>,
    pub commands: Vec<Command>,
    /// A shell comment (`# ...` after a command) somewhere in the body.
    pub has_comment: bool,
    /// A `&` (background job) somewhere in the body.
    pub has_background: bool,
    /// A function definition outside any subshell.
    pub defines_function: bool,
    /// The top-level and-or list has an `||` (so `x && body` would not mean `x && (body)`).
    pub top_level_or: bool,
    /// A test expression (`[ -f x ]`, `[[ ... ]]`) somewhere in the body: what it checks
    /// (a file there or not) is not among the commands' facts.
    pub has_test: bool,
}

/// The hand-written reader's reading of a body (when it reads it) and tree-sitter's.
#[doc(hidden)]
#[derive(Debug)]
pub struct Readings {
    pub simple: Option<ShellBody>,
    pub tree: ShellBody,
    /// tree-sitter found a syntax error (rather than a misreading) in the body.
    pub syntax_error: bool,
}

impl Readings {
    /// Where the two disagree: the hand-written reader took a body tree-sitter finds
    /// wrong, or read it differently from a tree tree-sitter reads as the shell does.
    pub fn disagreement(&self) -> Option<String> {
        let simple = self.simple.as_ref()?;
        if self.syntax_error {
            return Some("read by hand, a syntax error for tree-sitter".into());
        }
        // An unclean tree without syntax errors is one tree-sitter misreads.
        (self.tree.clean && *simple != self.tree)
            .then(|| format!("hand: {simple:?}\ntree-sitter: {:?}", self.tree))
    }
}

/// Deepest shell tree that is read (real scripts stay far below).
const MAX_DEPTH: usize = 2_000;

/// What one walk over every node of a tree tells (without recursion): whether no node
/// is deeper than `max`, and the flags a body's transforms ask about.
#[derive(Default)]
struct TreeFacts {
    shallow: bool,
    has_comment: bool,
    has_background: bool,
    defines_function: bool,
    has_test: bool,
    /// A redirection tree-sitter attaches to a list or pipeline (see below).
    misread: bool,
}

fn tree_facts(tree: &Tree, src: &[u8], max: usize) -> TreeFacts {
    let mut f = TreeFacts::default();
    let mut c = tree.walk();
    let mut depth = 0usize;
    // Depths of the subshell and command-substitution nodes above the cursor.
    let mut subshells: Vec<usize> = Vec::new();
    loop {
        let kind = c.node().kind();
        match kind {
            "comment" => f.has_comment = true,
            "&" => f.has_background = true,
            "test_command" => f.has_test = true,
            "function_definition" if subshells.is_empty() => f.defines_function = true,
            // tree-sitter-bash reads `a && b > f` and `a && b 2>&1 | c` as a redirection
            // of the whole list (so `a` would seem to run in a pipeline's subshell);
            // the shell redirects `b` alone.
            "redirected_statement"
                if c.node()
                    .child_by_field_name("body")
                    .is_some_and(|b| matches!(b.kind(), "list" | "pipeline")) =>
            {
                f.misread = true
            }
            // ... and `a | t| b || c` (no blank before a `|`) as a pipeline whose last
            // part is the list `t | b || c`: the shell's `||` joins the whole pipeline.
            "pipeline"
                if {
                    let n = c.node();
                    let mut w = n.walk();
                    n.children(&mut w).any(|k| k.kind() == "list")
                } =>
            {
                f.misread = true
            }
            // ... and `cat 0<in` as `cat` given `0` and a redirection (its file
            // descriptors start at 1): the shell redirects standard input.
            "file_redirect" | "heredoc_redirect" | "herestring_redirect"
                if c.node().prev_sibling().is_some_and(|p| {
                    // The word is a sibling, or the last word of the command the
                    // redirection wraps.
                    let w = if p.kind() == "command" {
                        p.child(p.child_count().saturating_sub(1)).unwrap_or(p)
                    } else {
                        p
                    };
                    matches!(w.kind(), "word" | "number")
                        && w.end_byte() == c.node().start_byte()
                        && src[w.start_byte()..w.end_byte()]
                            .iter()
                            .all(u8::is_ascii_digit)
                }) =>
            {
                f.misread = true
            }
            // ... and `echo >&2 "msg"` as a redirection to `2` and `"msg"`: the shell
            // passes `"msg"` to `echo`.
            "file_redirect"
                if {
                    let n = c.node();
                    let mut w = n.walk();
                    n.children_by_field_name("destination", &mut w)
                        .nth(1)
                        .is_some()
                } =>
            {
                f.misread = true
            }
            _ => {}
        }
        if c.goto_first_child() {
            if matches!(kind, "subshell" | "command_substitution") {
                subshells.push(depth);
            }
            depth += 1;
            if depth > max {
                return TreeFacts::default();
            }
            continue;
        }
        loop {
            if c.goto_next_sibling() {
                break;
            }
            if !c.goto_parent() {
                f.shallow = true;
                return f;
            }
            depth -= 1;
            if subshells.last() == Some(&depth) {
                subshells.pop();
            }
        }
    }
}

/// Parsed bodies kept per thread, at most this many.
const CACHE_LIMIT: usize = 4096;

thread_local! {
    static CACHE: RefCell<std::collections::HashMap<(String, bool), Arc<ShellBody>>> =
        RefCell::new(std::collections::HashMap::new());
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_bash::LANGUAGE.into())
            .expect("the bash grammar matches the tree-sitter version");
        p
    });
}

impl ShellBody {
    /// Parses the shell body of `inst` starting at file offset `start`.
    pub fn parse(doc: &Document, inst: &Instruction, start: usize) -> Arc<ShellBody> {
        let mask = mask(doc, inst, start);
        // The same body (the engine re-reads a file after each round of edits) parses to
        // the same tree: shared as is at the same offset, copied shifted at another.
        let key = (mask, inst.heredocs.is_empty());
        let hit = CACHE.with(|c| {
            c.borrow().get(&key).map(|b| {
                if b.base == start {
                    Arc::clone(b)
                } else {
                    Arc::new(b.rebased(start))
                }
            })
        });
        if let Some(hit) = hit {
            return hit;
        }
        let (mask, no_heredocs) = key;
        let body = Arc::new(Self::parse_mask(mask.clone(), start, no_heredocs));
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CACHE_LIMIT {
                c.clear();
            }
            c.insert((mask, no_heredocs), Arc::clone(&body));
        });
        body
    }

    /// Both readings of a RUN body, uncached, for the tests and the fuzz target that
    /// check they agree.
    #[doc(hidden)]
    pub fn readings(doc: &Document, inst: &Instruction, start: usize) -> Readings {
        let mask = mask(doc, inst, start);
        let no_heredocs = inst.heredocs.is_empty();
        let simple = no_heredocs
            .then(|| super::simple_shell::read(&mask, start))
            .flatten()
            .map(|r| Self::simple(mask.clone(), start, r));
        let syntax_error = PARSER
            .with(|p| p.borrow_mut().parse(&mask, None))
            .is_some_and(|t| t.root_node().has_error());
        Readings {
            simple,
            tree: Self::parse_tree(mask, start, no_heredocs),
            syntax_error,
        }
    }

    /// Forgets cached parses (the engine calls this once per file).
    pub fn clear_cache() {
        CACHE.with(|c| c.borrow_mut().clear());
    }

    /// A copy with every range moved to a body starting at `base`.
    fn rebased(&self, base: usize) -> ShellBody {
        let shift = |r: &Range<usize>| r.start - self.base + base..r.end - self.base + base;
        ShellBody {
            base,
            mask: self.mask.clone(),
            clean: self.clean,
            statements: self
                .statements
                .iter()
                .map(|s| Statement {
                    range: shift(&s.range),
                    ..s.clone()
                })
                .collect(),
            commands: self
                .commands
                .iter()
                .map(|c| Command {
                    name_range: shift(&c.name_range),
                    range: shift(&c.range),
                    args: c
                        .args
                        .iter()
                        .map(|a| ShellWord {
                            value: a.value.clone(),
                            range: shift(&a.range),
                        })
                        .collect(),
                    redirects: c
                        .redirects
                        .iter()
                        .map(|r| Redirect {
                            op: r.op.clone(),
                            target: ShellWord {
                                value: r.target.value.clone(),
                                range: shift(&r.target.range),
                            },
                        })
                        .collect(),
                    ..c.clone()
                })
                .collect(),
            has_comment: self.has_comment,
            has_background: self.has_background,
            defines_function: self.defines_function,
            top_level_or: self.top_level_or,
            has_test: self.has_test,
        }
    }

    fn parse_mask(mask: String, start: usize, no_heredocs: bool) -> ShellBody {
        // Plain shell is read by hand; anything else by tree-sitter.
        if no_heredocs && let Some(r) = super::simple_shell::read(&mask, start) {
            return Self::simple(mask, start, r);
        }
        Self::parse_tree(mask, start, no_heredocs)
    }

    fn simple(mask: String, start: usize, r: super::simple_shell::Read) -> ShellBody {
        ShellBody {
            base: start,
            mask,
            clean: true,
            statements: r.statements,
            commands: r.commands,
            has_comment: r.has_comment,
            has_background: false,
            defines_function: r.defines_function,
            top_level_or: r.top_level_or,
            has_test: r.has_test,
        }
    }

    /// The body read from tree-sitter's tree.
    fn parse_tree(mask: String, start: usize, no_heredocs: bool) -> ShellBody {
        let tree = PARSER
            .with(|p| p.borrow_mut().parse(&mask, None))
            .expect("parsing without a timeout or cancellation returns a tree");
        let root = tree.root_node();
        // Reading the tree recurses; a body nested deeper than any real script is left
        // alone (not clean) rather than risking the stack.
        let facts = tree_facts(&tree, mask.as_bytes(), MAX_DEPTH);
        let shallow = facts.shallow;
        let clean = !root.has_error() && no_heredocs && shallow && !facts.misread;
        let mut body = ShellBody {
            base: start,
            clean,
            statements: Vec::new(),
            commands: Vec::new(),
            has_comment: facts.has_comment,
            has_background: facts.has_background,
            defines_function: facts.defines_function,
            top_level_or: false,
            has_test: facts.has_test,
            mask,
        };
        if shallow {
            body.collect(&tree);
        }
        body
    }

    /// The text of a file range inside the body.
    pub fn text(&self, r: &Range<usize>) -> &str {
        &self.mask[r.start - self.base..r.end - self.base]
    }

    /// File offset of the end of the last statement (trailing blanks excluded).
    pub fn end(&self) -> usize {
        self.statements.last().map_or(self.base, |s| s.range.end)
    }

    fn collect(&mut self, tree: &Tree) {
        let root = tree.root_node();
        let base = self.base;
        let mut statements = Vec::new();
        let mut cursor = root.walk();
        let children: Vec<Node> = root.children(&mut cursor).collect();
        for (i, c) in children.iter().enumerate() {
            if c.kind() == "comment" {
                continue;
            }
            if !c.is_named() {
                let sep = match c.kind() {
                    ";" => Separator::Semicolon,
                    "&" => Separator::Background,
                    _ => continue,
                };
                if let Some(last) = statements.last_mut() {
                    let last: &mut Statement = last;
                    last.separator = Some(sep);
                }
                continue;
            }
            if let Some(prev) = statements.last_mut() {
                let prev: &mut Statement = prev;
                if prev.separator.is_none() && i > 0 {
                    prev.separator = Some(Separator::Newline);
                }
            }
            statements.push(Statement {
                range: base + c.start_byte()..base + c.end_byte(),
                separator: None,
            });
        }
        let mut commands = Vec::new();
        for (top, c) in children
            .iter()
            .filter(|c| c.is_named() && c.kind() != "comment")
            .enumerate()
        {
            let at = At {
                src: &self.mask,
                base,
                top,
                isolated: false,
                nested: false,
                redirected: false,
            };
            walk(at, *c, &[], &mut commands);
        }
        // tree-sitter-bash sometimes splits one word in two (`a-$V-b` after another
        // `$V`): a body with two words and no blank between them is not clean.
        let split = commands.iter().any(|c| {
            let mut ends = std::iter::once(&c.name_range)
                .chain(c.args.iter().map(|a| &a.range))
                .map(|r| (r.start, r.end));
            let mut prev = ends.next();
            ends.any(|cur| {
                let adjacent = prev.is_some_and(|p| p.1 == cur.0);
                prev = Some(cur);
                adjacent
            })
        });
        self.clean &= !split;
        self.statements = statements;
        self.commands = commands;
        let mut lists: Vec<Node> = children
            .iter()
            .copied()
            .filter(|c| c.kind() == "list")
            .collect();
        while let Some(l) = lists.pop() {
            let mut c = l.walk();
            for k in l.children(&mut c) {
                match k.kind() {
                    "||" => self.top_level_or = true,
                    "list" => lists.push(k),
                    _ => {}
                }
            }
        }
    }
}

/// Where a node sits: its top-level statement and what it inherits.
#[derive(Clone, Copy)]
struct At<'a> {
    src: &'a str,
    base: usize,
    top: usize,
    isolated: bool,
    nested: bool,
    /// Inside a redirected statement: the redirection applies to every command in it.
    redirected: bool,
}

impl At<'_> {
    fn text(&self, n: Node) -> &str {
        &self.src[n.start_byte()..n.end_byte()]
    }

    fn range(&self, n: Node) -> Range<usize> {
        self.base + n.start_byte()..self.base + n.end_byte()
    }
}

/// The redirection `node` (a `file_redirect` or `herestring_redirect`), if it is one
/// with a target.
fn redirect_of(at: &At<'_>, node: Node) -> Option<Redirect> {
    let target = match node.kind() {
        "file_redirect" => node.child_by_field_name("destination")?,
        "herestring_redirect" => node.named_child(node.named_child_count().checked_sub(1)?)?,
        _ => return None,
    };
    Some(Redirect {
        op: at.src[node.start_byte()..target.start_byte()]
            .trim()
            .to_string(),
        target: ShellWord {
            value: unquote(at.text(target)),
            range: at.range(target),
        },
    })
}

fn walk(at: At<'_>, node: Node, outer: &[Redirect], out: &mut Vec<Command>) {
    match node.kind() {
        "command" => {
            let name = node.child_by_field_name("name");
            let mut cursor = node.walk();
            let args = node
                .children_by_field_name("argument", &mut cursor)
                .map(|ch| ShellWord {
                    value: unquote(at.text(ch)),
                    range: at.range(ch),
                })
                .collect();
            let mut cursor = node.walk();
            let mut redirected = at.redirected;
            let mut assignments = Vec::new();
            let mut redirects = Vec::new();
            for ch in node.named_children(&mut cursor) {
                match ch.kind() {
                    k if k.ends_with("redirect") => {
                        redirected = true;
                        redirects.extend(redirect_of(&at, ch));
                    }
                    "variable_assignment" => assignments.push(at.text(ch).to_string()),
                    _ => {}
                }
            }
            out.push(Command {
                name: name.map(|n| unquote(at.text(n))).unwrap_or_default(),
                name_range: name.map_or(at.range(node), |n| at.range(n)),
                args,
                range: at.range(node),
                top: at.top,
                isolated: at.isolated,
                nested: at.nested,
                redirected,
                assignments,
                redirects: redirects.into_iter().chain(outer.iter().cloned()).collect(),
            });
            // Command substitutions inside arguments run in subshells, their output
            // captured.
            let sub = At {
                isolated: true,
                redirected: false,
                ..at
            };
            descend(
                sub,
                node,
                out,
                &["command_substitution", "process_substitution"],
            );
        }
        "declaration_command" | "unset_command" => {
            let mut cursor = node.walk();
            let mut children = node.children(&mut cursor);
            let name = children.next();
            out.push(Command {
                name: name.map(|n| at.text(n).to_string()).unwrap_or_default(),
                name_range: name.map_or(at.range(node), |n| at.range(n)),
                args: children
                    .map(|c| ShellWord {
                        value: unquote(at.text(c)),
                        range: at.range(c),
                    })
                    .collect(),
                range: at.range(node),
                top: at.top,
                isolated: at.isolated,
                nested: at.nested,
                redirected: at.redirected,
                assignments: Vec::new(),
                redirects: outer.to_vec(),
            });
        }
        kind @ ("variable_assignment" | "variable_assignments") => {
            // A bare assignment changes shell state; as a command prefix it does not.
            let is_prefix = kind == "variable_assignment"
                && node.parent().is_some_and(|p| p.kind() == "command");
            if !is_prefix {
                out.push(Command {
                    name: String::new(),
                    name_range: at.range(node),
                    args: vec![ShellWord {
                        value: at.text(node).to_string(),
                        range: at.range(node),
                    }],
                    range: at.range(node),
                    top: at.top,
                    isolated: at.isolated,
                    nested: at.nested,
                    redirected: at.redirected,
                    assignments: Vec::new(),
                    redirects: outer.to_vec(),
                });
            }
            let sub = At {
                isolated: true,
                redirected: false,
                ..at
            };
            descend(sub, node, out, &["command_substitution"]);
        }
        "subshell" => descend_all(
            At {
                isolated: true,
                ..at
            },
            node,
            outer,
            out,
        ),
        "command_substitution" | "process_substitution" => descend_all(
            At {
                isolated: true,
                redirected: false,
                ..at
            },
            node,
            &[],
            out,
        ),
        "redirected_statement" => {
            let mut cursor = node.walk();
            let mine: Vec<Redirect> = node
                .children_by_field_name("redirect", &mut cursor)
                .filter_map(|r| redirect_of(&at, r))
                .chain(outer.iter().cloned())
                .collect();
            descend_all(
                At {
                    redirected: true,
                    ..at
                },
                node,
                &mine,
                out,
            )
        }
        "pipeline" => {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node.named_children(&mut cursor).collect();
            let n = parts.len();
            for (i, p) in parts.into_iter().enumerate() {
                // Every element but the last runs in a subshell in every POSIX shell.
                let el = At {
                    isolated: at.isolated || i + 1 < n,
                    ..at
                };
                walk(el, p, outer, out);
            }
        }
        "function_definition"
        | "if_statement"
        | "while_statement"
        | "for_statement"
        | "c_style_for_statement"
        | "case_statement"
        | "elif_clause"
        | "else_clause"
        | "case_item"
        | "do_group" => descend_all(At { nested: true, ..at }, node, outer, out),
        _ => descend_all(at, node, outer, out),
    }
    // A trailing `&` on a statement is handled by the caller through separators.
}

fn descend_all(at: At<'_>, node: Node, outer: &[Redirect], out: &mut Vec<Command>) {
    let mut cursor = node.walk();
    for ch in node.named_children(&mut cursor) {
        walk(at, ch, outer, out);
    }
}

fn descend(at: At<'_>, node: Node, out: &mut Vec<Command>, kinds: &[&str]) {
    let mut cursor = node.walk();
    for ch in node.named_children(&mut cursor) {
        if kinds.contains(&ch.kind()) {
            walk(at, ch, &[], out);
        } else {
            descend(at, ch, out, kinds);
        }
    }
}

/// Removes simple quoting: `'a b'` -> `a b`, `"x"` -> `x`, `\-` -> `-`.
pub(super) fn unquote(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut chars = w.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '\\') | (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The body from `start` to the end of the instruction text as the shell sees it:
/// the same length as the file range, with comment and empty continuation lines
/// blanked and every continuation written as backslash-newline.
fn mask(doc: &Document, inst: &Instruction, start: usize) -> String {
    let raw = doc.raw(inst);
    let end = raw.text_end().max(start);
    let mut m: Vec<u8> = doc.text().as_bytes()[start..end].to_vec();
    let put = |at: usize, b: u8, m: &mut Vec<u8>| {
        if at >= start && at < end {
            m[at - start] = b;
        }
    };
    for line in &raw.lines {
        match line.kind {
            LineKind::Comment | LineKind::Empty => {
                for at in line.range.clone() {
                    put(at, b' ', &mut m);
                }
            }
            LineKind::Code {
                escape: Some(esc), ..
            } => {
                let nl = line.range.end - 1;
                for at in esc..nl {
                    put(at, b' ', &mut m);
                }
                put(nl - 1, b'\\', &mut m);
                put(nl, b'\n', &mut m);
            }
            LineKind::Code { .. } => {}
        }
    }
    // Replacements above are ASCII over whole characters, except where a
    // continuation escape sat after a multi-byte character's bytes: never, since the
    // escape and the bytes after it are ASCII.
    String::from_utf8(m).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
