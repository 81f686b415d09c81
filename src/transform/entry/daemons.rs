//! The command lines that daemons started by the entry run from files of their own:
//! supervisord's `command=` lines, cron's tables and script folders (`[daemons]` in
//! effects' programs.toml). A daemon's file that cannot be read (not in the build
//! context, copied from elsewhere, written or installed by a RUN from text dockerlean does
//! not read) is reported, since it may run anything.

use std::path::{Path, PathBuf};

use super::{Line, base, base_words, context_files, context_source, copied_sources, shell_words};
use crate::effects::{Daemon, Invocation, under};
use crate::syntax::{Base, Document, Instruction, Kind};
use crate::transform::Context;
use crate::transform::common::{WorkdirUnknown, add_unpacks, workdir_between};

/// Follows the daemons entry lines start, each once.
pub(super) struct Daemons<'a> {
    doc: &'a Document,
    ctx: &'a Context,
    followed: Vec<&'static str>,
    /// Configuration files of a daemon beyond its data's: named with `-c`, or where it
    /// looks in its working directory. (daemon, path in the image)
    places: Vec<(&'static str, String)>,
    /// The context files read where a COPY put them.
    placed: std::cell::RefCell<Vec<PathBuf>>,
}

impl<'a> Daemons<'a> {
    pub(super) fn new(doc: &'a Document, ctx: &'a Context) -> Self {
        Daemons {
            doc,
            ctx,
            followed: Vec::new(),
            places: Vec::new(),
            placed: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Whether the image path `p` is one of the daemon's files.
    fn owns(&self, name: &str, d: &Daemon, p: &str) -> bool {
        d.owns(p) || self.is_place(name, d, p)
    }

    /// Whether `p` is one of the configurations found for it on the entry's lines or
    /// where it looks in its working directory. Its working directory is not known
    /// (a `cd` before it, in the line or a script), so a relative one (`-c sv.conf`,
    /// `cwd_configs`) is any file of that path's tail.
    fn is_place(&self, name: &str, d: &Daemon, p: &str) -> bool {
        let tail = |q: &str| {
            q.starts_with('/') && under(p, q)
                || !q.starts_with('/') && p.ends_with(&format!("/{q}"))
        };
        self.places.iter().any(|(n, q)| *n == name && tail(q))
            || d.cwd_configs.iter().any(|c| tail(c))
    }

    /// Whether `dest` is a folder above one of the daemon's places.
    fn holds_place(&self, name: &str, d: &Daemon, dest: &str) -> bool {
        let dir = format!("{}/", dest.trim_end_matches('/'));
        holds_place(dest, d)
            || self
                .places
                .iter()
                .any(|(n, q)| *n == name && q.starts_with(&dir))
    }

    /// The command lines of the daemons `line` starts that were not followed yet, and
    /// (into `unread`) why some of their files could not be read.
    pub(super) fn follow(&mut self, line: &str, unread: &mut Vec<String>) -> Vec<Line> {
        // The words as written (for the paths options name) and by base name.
        let full: Vec<String> = shell_words(line)
            .into_iter()
            .flatten()
            .map(|(w, _)| w)
            .collect();
        let words: Vec<String> = full
            .iter()
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
            .collect();
        let mut out = Vec::new();
        for (name, d) in &crate::effects::programs().daemons {
            // A table given to the daemon itself (`supercronic /app/crontab`) is read
            // each time a line names one.
            for (i, w) in words.iter().enumerate() {
                if d.table_operand.contains(w) {
                    match operand(&words[i + 1..], &d.table_operand_with_value) {
                        Some(t) => self.installed_table(name, d, t, false, &mut out, unread),
                        None => push(unread, format!("`{w}` is given no table to read")),
                    }
                }
            }
            if !words.iter().any(|w| d.names.contains(w)) {
                continue;
            }
            let mut new_places = Vec::new();
            // A configuration named on the line (`supervisord -c /app/sup.conf`): one of
            // its files from now on, and read by its name in the context.
            for c in config_values(&full, d) {
                if c.split('/').any(|p| p == "..") || c.contains('$') {
                    push(
                        unread,
                        format!(
                            "{name} reads the configuration `{c}`, which dockerlean does not resolve"
                        ),
                    );
                } else if !self.owns(name, d, &c) {
                    self.places
                        .push((name.as_str(), c.trim_start_matches("./").to_string()));
                    new_places.push(c);
                }
            }
            for c in &new_places {
                self.named_config(name, d, c, &mut out, unread);
            }
            if self.followed.contains(&name.as_str()) {
                if !new_places.is_empty() {
                    self.walk(name, d, &mut out, unread);
                }
                continue;
            }
            self.followed.push(name.as_str());
            self.follow_daemon(name, d, &mut out, unread);
        }
        out
    }

    fn follow_daemon(&self, name: &str, d: &Daemon, out: &mut Vec<Line>, unread: &mut Vec<String>) {
        self.walk(name, d, out, unread);
        // Its configuration found by name anywhere in the context (supervisord.conf),
        // unless a COPY put it among its files, where it was read with its place (and
        // its relative includes resolved from there): it may get there otherwise (a
        // RUN's `cp`), where it is not known.
        let placed = self.placed.borrow();
        for f in context_files(self.ctx, &d.context_names) {
            if placed.contains(&f) {
                continue;
            }
            let file = f
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            read_file(name, d, &f, &file, true, out, unread);
        }
    }

    /// What the instructions put among the daemon's files.
    fn walk(&self, name: &str, d: &Daemon, out: &mut Vec<Line>, unread: &mut Vec<String>) {
        for i in &self.doc.instructions {
            match i.kind {
                Kind::Copy | Kind::Add => self.copied(name, d, i, out, unread),
                Kind::Run => self.run(name, d, i, out, unread),
                _ => {}
            }
        }
    }

    /// What a COPY or ADD puts among the daemon's files: read from the context, or
    /// reported when it cannot be.
    fn copied(
        &self,
        name: &str,
        d: &Daemon,
        i: &Instruction,
        out: &mut Vec<Line>,
        unread: &mut Vec<String>,
    ) {
        let Some((dest, srcs)) = i.paths.split_last() else {
            return;
        };
        let written = dest.value.trim_matches('"');
        let into = written.ends_with('/')
            || matches!(written, "." | "./")
            || written.ends_with("/.")
            || srcs.len() > 1;
        // A relative destination lands under the WORKDIR (`WORKDIR /etc/cron.d` then
        // `COPY jobs .`).
        let dest = if written.starts_with('/') {
            written.to_string()
        } else {
            match workdir_before(self.doc, i.stage, i.index) {
                Ok(wd) => format!(
                    "{}/{}",
                    wd.unwrap_or_default(),
                    written.trim_start_matches("./")
                ),
                Err(_) => {
                    push(
                        unread,
                        format!(
                            "line {} copies into a WORKDIR dockerlean cannot resolve, which may be among {name}'s files",
                            i.line
                        ),
                    );
                    return;
                }
            }
        };
        let dest = dest.trim_end_matches("/.").trim_end_matches('/');
        let dest = if dest.is_empty() { "/" } else { dest };
        if dest.split('/').any(|p| p == "..") {
            // Where `..` lands is not resolved here: it may be among the files.
            push(
                unread,
                format!(
                    "line {} copies to `{written}`, which dockerlean does not resolve",
                    i.line
                ),
            );
            return;
        }
        for src in srcs {
            let v = src.value.trim_matches('"');
            let named = if into {
                format!("{}/{}", dest.trim_end_matches('/'), base(v))
            } else {
                dest.to_string()
            };
            match context_source(self.ctx, i, v) {
                // ADD unpacks a local archive where it lands (by its content, whatever
                // its name): its files are not read.
                Some(p) if p.is_file() && i.kind == Kind::Add && add_unpacks(&p, v) => {
                    if self.owns(name, d, dest) || self.holds_place(name, d, dest) {
                        push(
                            unread,
                            format!(
                                "line {} may unpack `{}` among {name}'s files, which dockerlean does not read",
                                i.line,
                                base(v)
                            ),
                        );
                    }
                }
                Some(p) if p.is_file() => {
                    if self.owns(name, d, &named) {
                        let config = self.is_place(name, d, &named);
                        read_file(name, d, &p, &named, config, out, unread);
                        self.placed.borrow_mut().push(p.clone());
                    }
                }
                // A folder: its contents land in the destination (COPY never makes the
                // folder itself there), each file where it lands.
                Some(p) if p.is_dir() => {
                    for f in walk(&p) {
                        let rel = f
                            .strip_prefix(&p)
                            .unwrap_or(&f)
                            .to_string_lossy()
                            .into_owned();
                        let at = format!("{}/{rel}", dest.trim_end_matches('/'));
                        if self.owns(name, d, &at) {
                            let config = self.is_place(name, d, &at);
                            read_file(name, d, &f, &at, config, out, unread);
                            self.placed.borrow_mut().push(f.clone());
                        }
                    }
                }
                // Not known in full (no context, another stage, a URL, a heredoc, a
                // glob): it matters when it may land among the daemon's files.
                _ => {
                    let verb = if self.owns(name, d, &named) || self.owns(name, d, dest) {
                        "puts"
                    } else if self.holds_place(name, d, dest) {
                        "may put"
                    } else {
                        continue;
                    };
                    push(
                        unread,
                        format!(
                            "line {} {verb} `{}` among {name}'s files, which is not in the build context to read",
                            i.line,
                            base(v)
                        ),
                    );
                }
            }
        }
    }

    /// What a RUN writes among the daemon's files, and the tables it installs.
    fn run(
        &self,
        name: &str,
        d: &Daemon,
        i: &Instruction,
        out: &mut Vec<Line>,
        unread: &mut Vec<String>,
    ) {
        let doc = self.doc;
        let (Some(body), Some(effects)) = (doc.shell(i.index), doc.effects(i.index)) else {
            // Not read: it matters when its text names one of the daemon's places or an
            // installer.
            let text = doc.source(i.range.clone()).unwrap_or("");
            if d.owns_named_in(text)
                || self
                    .places
                    .iter()
                    .any(|(n, q)| *n == name && text.contains(q.as_str()))
            {
                push(
                    unread,
                    format!(
                        "line {} may write {name}'s files, and dockerlean cannot read it",
                        i.line
                    ),
                );
            }
            return;
        };
        for (e, c) in effects.iter().zip(&body.commands) {
            if let Some(w) = e.writes.iter().find(|w| self.owns(name, d, w)) {
                push(
                    unread,
                    format!(
                        "line {} writes `{w}`, which {name} reads, from text dockerlean does not read",
                        i.line
                    ),
                );
            }
            if d.installers.contains(&e.program) {
                let inv = Invocation::of(c);
                // `crontab -l` lists, `-r` removes, `-e` edits: nothing installed.
                if inv.has_flag(&["-l", "-r", "-e", "-i"]) {
                    continue;
                }
                match inv.positionals(&["-u"]).last().map(|w| w.value.as_str()) {
                    Some(t) if t != "-" => self.installed_table(name, d, t, false, out, unread),
                    _ => push(
                        unread,
                        format!(
                            "line {} installs a table for {name} from standard input, which dockerlean does not read",
                            i.line
                        ),
                    ),
                }
            }
        }
    }

    /// A table given by its path in the image (`crontab /etc/app.cron`): the context's
    /// files of that name, read; reported when there is none.
    fn installed_table(
        &self,
        name: &str,
        d: &Daemon,
        path: &str,
        with_user: bool,
        out: &mut Vec<Line>,
        unread: &mut Vec<String>,
    ) {
        let n = base(path);
        let found = self.context_copies(&n);
        if found.is_empty() {
            push(
                unread,
                format!("{name} runs the table `{n}`, which is not in the build context to read"),
            );
        }
        for f in found {
            if let Ok(text) = std::fs::read_to_string(&f) {
                out.extend(table_lines(
                    &text,
                    with_user,
                    &format!("the {name} table `{n}`"),
                    &d.stdin_shells,
                ));
            }
        }
    }

    /// A configuration the line names by its path in the image (`supervisord -c
    /// /app/supervisord.conf`): the context's files of that name, read as one; reported
    /// when there is none.
    fn named_config(
        &self,
        name: &str,
        d: &Daemon,
        path: &str,
        out: &mut Vec<Line>,
        unread: &mut Vec<String>,
    ) {
        let found = self.context_copies(&base(path));
        if found.is_empty() || path.contains('$') {
            push(
                unread,
                format!(
                    "{name} reads the configuration `{path}`, which is not in the build context to read"
                ),
            );
        }
        for f in found {
            read_file(name, d, &f, path, true, out, unread);
        }
    }

    /// The context's files a file of the image named `name` may be: those of that name,
    /// and those a COPY renamed to it.
    fn context_copies(&self, name: &str) -> Vec<PathBuf> {
        let names = [name.to_string()];
        let mut found = context_files(self.ctx, &names);
        for f in copied_sources(self.doc, self.ctx, &names) {
            if !found.contains(&f) {
                found.push(f);
            }
        }
        found
    }
}

impl Daemon {
    /// Whether a text names one of the daemon's places or installers (for a RUN that
    /// is not read).
    fn owns_named_in(&self, text: &str) -> bool {
        self.configs
            .iter()
            .chain(&self.tables)
            .chain(&self.tables_with_user)
            .chain(&self.scripts)
            .any(|p| text.contains(p.trim_end_matches('/')))
            || base_words(text).iter().any(|w| self.installers.contains(w))
    }
}

/// Whether `dest` is a folder above one of the daemon's places (`COPY rootfs/ /`,
/// `COPY etc /etc`): what lands there may include its files.
fn holds_place(dest: &str, d: &Daemon) -> bool {
    let dir = format!("{}/", dest.trim_end_matches('/'));
    d.configs
        .iter()
        .chain(&d.tables)
        .chain(&d.tables_with_user)
        .chain(&d.scripts)
        .any(|p| p.starts_with(&dir))
}

/// The command lines of one of the daemon's files, by where it is in the image (or, with
/// `config`, a configuration wherever it is).
fn read_file(
    name: &str,
    d: &Daemon,
    path: &Path,
    at: &str,
    config: bool,
    out: &mut Vec<Line>,
    unread: &mut Vec<String>,
) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let file = base(at);
    if config || d.configs.iter().any(|c| under(at, c)) || d.context_names.contains(&file) {
        let via = format!("{name}'s `{file}`");
        for (section, key, value) in ini_values(&text) {
            if key == d.key {
                if d.expansions.iter().any(|x| value.contains(x.as_str())) {
                    push(
                        unread,
                        format!(
                            "{via} runs `{value}`, which {name} expands and dockerlean does not"
                        ),
                    );
                    continue;
                }
                out.push(Line {
                    text: value,
                    via: Some(via.clone()),
                });
            } else if section == d.include_section && key == d.include_key {
                // Included files in the folders read already are read with them; others
                // (relative to this file, or elsewhere) are not.
                for f in value.split_whitespace() {
                    // Relative to this file's folder, where that is known (found by name
                    // in the context, it is not); expanded by supervisord first.
                    let f = match at.rsplit_once('/') {
                        Some((dir, _))
                            if !f.starts_with('/')
                                && at.starts_with('/')
                                && !d.expansions.iter().any(|x| f.contains(x.as_str())) =>
                        {
                            format!("{dir}/{f}")
                        }
                        _ => f.to_string(),
                    };
                    let f = f.as_str();
                    if !(f.starts_with('/') && !f.split('/').any(|p| p == "..") && d.owns(f)) {
                        push(
                            unread,
                            format!("{via} includes `{f}`, which dockerlean does not read"),
                        );
                    }
                }
            }
        }
    } else if let Some(with_user) = [(&d.tables, false), (&d.tables_with_user, true)]
        .iter()
        .find(|(places, _)| places.iter().any(|p| under(at, p)))
        .map(|(_, u)| *u)
    {
        out.extend(table_lines(
            &text,
            with_user,
            &format!("the {name} table `{file}`"),
            &d.stdin_shells,
        ));
    } else if d.scripts.iter().any(|s| under(at, s)) {
        // A script the daemon runs: read as the entry's scripts are (by its path).
        out.push(Line {
            text: at.to_string(),
            via: Some(name.to_string()),
        });
    }
}

/// The values of an INI file as Python's ConfigParser reads Supervisor's: `[section]`
/// (lowercased here), `key = value` or `key: value` with the key in any case, indented
/// lines continuing the value before, `;` or `#` starting a comment line, and `;` after
/// a blank an inline one. Each as (section, key, value), key lowercased.
fn ini_values(text: &str) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut section = String::new();
    // The indent of the key line whose value is open: a line indented more continues it.
    let mut open: Option<usize> = None;
    for raw in text.lines() {
        // Supervisor's parser takes `;` and `#` after a blank as inline comments.
        let cut = [" ;", "\t;", " #", "\t#"]
            .iter()
            .filter_map(|c| raw.find(c))
            .min();
        let line = cut.map_or(raw, |at| &raw[..at]);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with([';', '#']) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if open.is_some_and(|key| indent > key) {
            if let Some(last) = out.last_mut() {
                last.2.push(' ');
                last.2.push_str(trimmed);
            }
            continue;
        }
        if let Some(s) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = s.trim().to_ascii_lowercase();
            open = None;
            continue;
        }
        let split = trimmed.find(['=', ':']);
        if let Some(at) = split {
            let (k, v) = (&trimmed[..at], &trimmed[at + 1..]);
            out.push((
                section.clone(),
                k.trim().to_ascii_lowercase(),
                v.trim().to_string(),
            ));
            open = Some(indent);
        }
    }
    out
}

/// The first operand among `words`, options and the values of `with_value` skipped.
fn operand<'w>(words: &'w [String], with_value: &[String]) -> Option<&'w String> {
    let mut skip = false;
    for w in words {
        if std::mem::take(&mut skip) {
            continue;
        }
        if w.starts_with('-') {
            // Go's flag package reads `-name` and `--name` alike.
            let n = w.trim_start_matches('-');
            skip = !w.contains('=') && with_value.iter().any(|o| o.trim_start_matches('-') == n);
            continue;
        }
        return Some(w);
    }
    None
}

/// The configuration files a command line gives the daemon, as getopt reads its
/// options: `-c FILE`, `-cFILE`, a cluster of flags ending in it (`-nc FILE`),
/// `--configuration FILE`, `--configuration=FILE` and a long prefix (`--conf=FILE`).
fn config_values(words: &[String], d: &Daemon) -> Vec<String> {
    let mut out = Vec::new();
    let long = d.config_options.iter().find(|o| o.starts_with("--"));
    let short: Vec<char> = d
        .config_options
        .iter()
        .filter_map(|o| o.strip_prefix('-').filter(|o| !o.starts_with('-')))
        .filter_map(|o| o.chars().next())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let next = || words.get(i + 1).cloned();
        if let Some(given) = w.strip_prefix("--") {
            let (n, v) = match given.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (given, None),
            };
            let n = format!("--{n}");
            if long.is_some_and(|l| l.starts_with(&n) && n.starts_with(&d.config_long_prefix))
                && let Some(v) = v.or_else(next)
            {
                out.push(v);
            }
        } else if let Some(cluster) = w.strip_prefix('-') {
            // Flags without a value, then the option: its value is the rest or the
            // next word.
            for (k, ch) in cluster.char_indices() {
                if short.contains(&ch) {
                    let rest = &cluster[k + ch.len_utf8()..];
                    if let Some(v) = if rest.is_empty() {
                        next()
                    } else {
                        Some(rest.to_string())
                    } {
                        out.push(v);
                    }
                    break;
                }
                if !d
                    .short_flags
                    .iter()
                    .any(|f| f.starts_with(ch) && f.len() == 1)
                {
                    break;
                }
            }
        }
    }
    out
}

/// The WORKDIR in effect before instruction `before` of stage `stage`, from that stage's
/// WORKDIRs and, for a stage built on an earlier one, that stage's (an image's own is
/// taken as `/`).
fn workdir_before(
    doc: &Document,
    stage: Option<usize>,
    before: usize,
) -> Result<Option<String>, WorkdirUnknown> {
    let Some(s) = stage.and_then(|s| doc.stages.get(s)) else {
        return workdir_between(doc, 0, before, Some(""));
    };
    let base = match s.base {
        Base::Stage(k) if k < s.index => {
            let end = doc.stages[k].instructions.end;
            workdir_before(doc, Some(k), end)?
        }
        _ => None,
    };
    let wd = workdir_between(doc, s.from + 1, before, Some(base.as_deref().unwrap_or("")))?;
    Ok(wd.or(base))
}

/// The command lines of a cron table (crontab(5)): after the five time fields (or an
/// `@daily`-like word) and, in a system table, the user; up to an unescaped `%`, after
/// which the text is the command's standard input. Comments and `NAME=value` lines are
/// not commands.
pub(super) fn table_lines(
    text: &str,
    with_user: bool,
    via: &str,
    stdin_shells: &[String],
) -> Vec<Line> {
    let mut out = Vec::new();
    for l in text.lines() {
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') || is_assignment(l) {
            continue;
        }
        let fields = if l.starts_with('@') { 1 } else { 5 } + usize::from(with_user);
        let Some(rest) = after_fields(l, fields) else {
            continue;
        };
        // The command, then the lines of its standard input (each later `%` a newline).
        let mut parts = vec![String::new()];
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            let cur = parts.last_mut().expect("one part at least");
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        if n != '%' {
                            cur.push('\\');
                        }
                        cur.push(n);
                    }
                }
                '%' => parts.push(String::new()),
                c => cur.push(c),
            }
        }
        let cmd = parts[0].trim().to_string();
        // A shell anywhere in the line (`sh -s`, `cd /srv && bash`, `timeout 60 sh`),
        // or a program that starts one reading it (`su -`: `stdin_shells`), may run the
        // input as commands (`* * * * * sh%curl -fsS x`): those lines are read. Without
        // one it is taken as data.
        let shell = base_words(&cmd).iter().any(|w| {
            crate::syntax::model::is_posix_shell(w) || stdin_shells.iter().any(|s| s == w)
        });
        out.push(Line {
            text: cmd,
            via: Some(via.to_string()),
        });
        if shell {
            for input in parts[1..]
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
            {
                out.push(Line {
                    text: input.to_string(),
                    via: Some(format!("{via}, as a shell's input")),
                });
            }
        }
    }
    out
}

/// `NAME=value` or `NAME = value` (a cron table's environment setting).
fn is_assignment(l: &str) -> bool {
    l.split_once('=').is_some_and(|(k, _)| {
        let k = k.trim();
        !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The text after the first `n` blank-separated fields of `l`.
fn after_fields(l: &str, n: usize) -> Option<&str> {
    let mut rest = l;
    for _ in 0..n {
        rest = rest.trim_start();
        let end = rest.find(char::is_whitespace)?;
        rest = &rest[end..];
    }
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// The files under a folder of the build context, a few levels down.
fn walk(dir: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .max_depth(Some(6))
        .build()
        .flatten()
        .take(5_000)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect()
}

fn push(unread: &mut Vec<String>, why: String) {
    if !unread.contains(&why) {
        unread.push(why);
    }
}

#[cfg(test)]
mod tests {
    use super::table_lines;
    use crate::syntax::Document;
    use crate::transform::Context;
    use crate::transform::entry::entry_reading;

    /// What reading the entry of `dockerfile` finds with the build context `files`
    /// (None: no context): the hit's program and via, or the first unread reason.
    fn read(dockerfile: &str, files: Option<&[(&str, &str)]>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context {
            build_context: files.map(|fs| {
                for (name, text) in fs {
                    let p = dir.path().join(name);
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(p, text).unwrap();
                }
                std::sync::Arc::from(dir.path())
            }),
            ..Context::default()
        };
        let doc = Document::parse(dockerfile.as_bytes().to_vec()).unwrap();
        let r = entry_reading(&doc, &ctx, &|p| p == "curl");
        match (r.hit, r.unread.first()) {
            (Some(h), _) => format!("{} via {}", h.program, h.via.unwrap_or_default()),
            (None, Some(u)) => u.clone(),
            (None, None) => "nothing".into(),
        }
    }

    const CURL_TABLE: &str = "0 * * * * curl -fsS http://x\n";

    #[test]
    fn cron_tables_the_entry_runs() {
        // `crontab FILE` installs a table in crontab(5) form: read from the context.
        let installed =
            "FROM python:3.12\nCOPY jobs.cron /app/\nRUN crontab /app/jobs.cron\nCMD cron -f\n";
        assert_eq!(
            read(installed, Some(&[("jobs.cron", CURL_TABLE)])),
            "curl via the cron table `jobs.cron`"
        );
        // Without cron started, the tables run nothing.
        let idle = "FROM python:3.12\nCOPY jobs.cron /app/\nRUN crontab /app/jobs.cron\nCMD python app.py\n";
        assert_eq!(read(idle, Some(&[("jobs.cron", CURL_TABLE)])), "nothing");
        // From standard input, or written by a RUN: not read.
        let piped = "FROM python:3.12\nRUN echo '* * * * * curl x' | crontab -\nCMD cron -f\n";
        assert_eq!(
            read(piped, Some(&[])),
            "line 2 installs a table for cron from standard input, which dockerlean does not read"
        );
        let written = "FROM python:3.12\nRUN echo '* * * * * root curl x' >> /etc/crontab\nCMD [\"cron\", \"-f\"]\n";
        assert_eq!(
            read(written, Some(&[])),
            "line 2 writes `/etc/crontab`, which cron reads, from text dockerlean does not read"
        );
        // Listing or removing installs nothing.
        let listed = "FROM python:3.12\nRUN crontab -l || true\nCMD cron -f\n";
        assert_eq!(read(listed, Some(&[])), "nothing");
        // Copied from another stage, or without a context: not read.
        let staged = "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b /jobs /etc/cron.d/jobs\nCMD cron -f\n";
        assert_eq!(
            read(staged, Some(&[])),
            "line 3 puts `jobs` among cron's files, which is not in the build context to read"
        );
        let no_context = "FROM python:3.12\nCOPY jobs /etc/cron.d/\nCMD cron -f\n";
        assert_eq!(
            read(no_context, None),
            "line 2 puts `jobs` among cron's files, which is not in the build context to read"
        );
        // A folder copied to the root: its files under /etc/cron.d are tables, with a
        // user field.
        let rootfs = "FROM python:3.12\nCOPY rootfs/ /\nCMD busybox crond -f\n";
        assert_eq!(
            read(
                rootfs,
                Some(&[("rootfs/etc/cron.d/jobs", "* * * * * root curl x\n")])
            ),
            "curl via the cron table `jobs`"
        );
        assert_eq!(
            read(rootfs, None).split(',').next().unwrap(),
            "line 2 may put `rootfs` among cron's files"
        );
        // supercronic is given its table.
        let supercronic =
            "FROM python:3.12\nCOPY . /app\nCMD [\"supercronic\", \"/app/crontab\"]\n";
        assert_eq!(
            read(supercronic, Some(&[("crontab", CURL_TABLE)])),
            "curl via the cron table `crontab`"
        );
        assert_eq!(
            read(supercronic, Some(&[])),
            "cron runs the table `crontab`, which is not in the build context to read"
        );
        // A script in /etc/cron.daily runs as the entry's scripts do.
        let daily = "FROM python:3.12\nCOPY backup /etc/cron.daily/\nCMD cron -f\n";
        assert_eq!(
            read(daily, Some(&[("backup", "#!/bin/sh\ncurl -T /data x\n")])),
            "curl via the entry script `backup`"
        );
    }

    #[test]
    fn supervisord_configurations_as_its_parser_reads_them() {
        let conf_d = "FROM python:3.12\nCOPY x.conf /etc/supervisor/conf.d/\nCMD [\"supervisord\", \"-n\"]\n";
        // `key: value`, any case, and a value continued on indented lines.
        for conf in [
            "[program:x]\nCommand: curl -fsS http://x\n",
            "[program:x]\ncommand = /bin/sh -c\n    \"curl -fsS http://x\"\n",
        ] {
            assert_eq!(
                read(conf_d, Some(&[("x.conf", conf)])),
                "curl via supervisord's `x.conf`",
                "{conf}"
            );
        }
        // Keys indented alike are keys of their own; a line indented more continues.
        let indented = "[program:x]\n    autostart = true\n    command = curl -fsS http://x\n";
        assert_eq!(
            read(conf_d, Some(&[("x.conf", indented)])),
            "curl via supervisord's `x.conf`"
        );
        // An inline comment after a blank is not part of the command.
        let commented = "[program:x]\ncommand=python app.py ; curl is not run\n";
        assert_eq!(read(conf_d, Some(&[("x.conf", commented)])), "nothing");
        // What supervisord expands itself is not known.
        let expanded = "[program:x]\ncommand=%(ENV_WORKER)s --queue a\n";
        assert_eq!(
            read(conf_d, Some(&[("x.conf", expanded)])),
            "supervisord's `x.conf` runs `%(ENV_WORKER)s --queue a`, which supervisord expands and dockerlean does not"
        );
        // Includes outside the folders read are reported.
        let include = "[include]\nfiles = /app/conf/*.conf\n";
        assert_eq!(
            read(conf_d, Some(&[("x.conf", include)])),
            "supervisord's `x.conf` includes `/app/conf/*.conf`, which dockerlean does not read"
        );
        let inside = "[include]\nfiles = /etc/supervisor/conf.d/*.conf\n";
        assert_eq!(read(conf_d, Some(&[("x.conf", inside)])), "nothing");
        // A relative include is read from the file's folder; `..` is not resolved.
        let relative = "[include]\nfiles = conf.d/*.conf\n";
        let etc = "FROM python:3.12\nCOPY supervisord.conf /etc/supervisor/\nCMD supervisord -n\n";
        assert_eq!(
            read(etc, Some(&[("supervisord.conf", relative)])),
            "nothing"
        );
        let dotdot = "[include]\nfiles = /etc/supervisor/../../srv/*.conf\n";
        assert_eq!(
            read(conf_d, Some(&[("x.conf", dotdot)])),
            "supervisord's `x.conf` includes `/etc/supervisor/../../srv/*.conf`, which dockerlean does not read"
        );
        // An include supervisord expands first is not read.
        let env_include = "[include]\nfiles = %(ENV_APP_HOME)s/supervisor/*.conf\n";
        assert_eq!(
            read(etc, Some(&[("supervisord.conf", env_include)])),
            "supervisord's `supervisord.conf` includes `%(ENV_APP_HOME)s/supervisor/*.conf`, which dockerlean does not read"
        );
        // Put in place by a RUN: where its relative include points is not known (any
        // supervisord.conf a COPY puts is read as one, from where it lands).
        let moved = "FROM python:3.12\nCOPY . /app\nRUN cp -r /app/deploy/supervisord.conf /etc/\nCMD supervisord -n\n";
        assert_eq!(
            read(
                moved,
                Some(&[(
                    "deploy/supervisord.conf",
                    "[include]\nfiles = jobs/*.conf\n"
                )])
            ),
            "supervisord's `supervisord.conf` includes `/app/deploy/jobs/*.conf`, which dockerlean does not read"
        );
        let unplaced = "FROM python:3.12\nCOPY deploy.tar.gz /tmp/\nRUN tar xzf /tmp/deploy.tar.gz -C /etc\nCMD supervisord -n\n";
        assert_eq!(
            read(
                unplaced,
                Some(&[
                    (
                        "deploy/supervisord.conf",
                        "[include]\nfiles = jobs/*.conf\n"
                    ),
                    ("deploy.tar.gz", "x")
                ])
            ),
            "supervisord's `supervisord.conf` includes `jobs/*.conf`, which dockerlean does not read"
        );
        // A relative -c, and a `cd` before it: any file of that name is read.
        let relative_c = "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nRUN cp /srv/deploy/prod.conf /srv/sv.conf\nCMD [\"supervisord\", \"-c\", \"sv.conf\"]\n";
        assert_eq!(
            read(
                relative_c,
                Some(&[("sv.conf", "[program:w]\ncommand=python w.py\n")])
            ),
            "line 4 writes `/srv/sv.conf`, which supervisord reads, from text dockerlean does not read"
        );
        let cd = "FROM python:3.12\nWORKDIR /app\nCOPY deploy/sv.ini /srv/conf/supervisord.conf\nCMD cd /srv/conf && exec supervisord -n\n";
        assert_eq!(
            read(
                cd,
                Some(&[("deploy/sv.ini", "[program:w]\ncommand=curl x\n")])
            ),
            "curl via supervisord's `supervisord.conf`"
        );
        // Its search path: the working directory, and beside a pip-installed executable.
        for copy in [
            "WORKDIR /srv\nCOPY deploy/sv.ini supervisord.conf",
            "WORKDIR /srv\nCOPY deploy/sv.ini etc/supervisord.conf",
            "COPY deploy/sv.ini /usr/local/etc/supervisord.conf",
        ] {
            let df = format!("FROM python:3.12\n{copy}\nCMD supervisord -n\n");
            assert_eq!(
                read(
                    &df,
                    Some(&[("deploy/sv.ini", "[program:w]\ncommand=curl x\n")])
                ),
                "curl via supervisord's `supervisord.conf`",
                "{copy}"
            );
        }
        // A RUN that changes the file -c names.
        let changed = "FROM python:3.12\nCOPY workers.conf /app/\nRUN echo '[program:x]' >> /app/workers.conf\nCMD supervisord -c /app/workers.conf\n";
        assert_eq!(
            read(
                changed,
                Some(&[("workers.conf", "[program:w]\ncommand=python w.py\n")])
            ),
            "line 3 writes `/app/workers.conf`, which supervisord reads, from text dockerlean does not read"
        );
        // A configuration named with -c (also after flags in one word, or by a prefix of
        // --configuration), and supervisord started as a Python module.
        for cmd in [
            "supervisord -c /app/workers.conf",
            "supervisord -nc /app/workers.conf",
            "supervisord -n -c/app/workers.conf",
            "supervisord --configuration=/app/workers.conf",
            "supervisord --conf /app/workers.conf",
            "python -m supervisor.supervisord -c /app/workers.conf",
        ] {
            let named = format!("FROM python:3.12\nCOPY workers.conf /app/\nCMD {cmd}\n");
            assert_eq!(
                read(
                    &named,
                    Some(&[("workers.conf", "[program:w]\ncommand=curl x\n")])
                ),
                "curl via supervisord's `workers.conf`",
                "{cmd}"
            );
            assert_eq!(
                read(&named, Some(&[])),
                "supervisord reads the configuration `/app/workers.conf`, which is not in the build context to read",
                "{cmd}"
            );
        }
    }

    #[test]
    fn cron_files_by_where_they_land() {
        // A relative destination under a WORKDIR among cron's folders.
        for copy in [
            "WORKDIR /etc/cron.d\nCOPY jobs .",
            "WORKDIR /etc\nCOPY jobs cron.d/",
        ] {
            let df = format!("FROM python:3.12\n{copy}\nCMD cron -f\n");
            assert_eq!(
                read(&df, Some(&[("jobs", "* * * * * root curl x\n")])),
                "curl via the cron table `jobs`",
                "{copy}"
            );
        }
        // An archive ADD unpacks is not looked into: known by its name, or by its
        // content whatever its name.
        let tar = "FROM python:3.12\nADD rootfs.tar.gz /\nCMD cron -f\n";
        assert_eq!(
            read(tar, Some(&[("rootfs.tar.gz", "not read")])),
            "line 2 may unpack `rootfs.tar.gz` among cron's files, which dockerlean does not read"
        );
        let plain_tar = format!("{}ustar  ", "x".repeat(257));
        let unnamed = "FROM python:3.12\nADD rootfs /\nCMD cron -f\n";
        assert_eq!(
            read(unnamed, Some(&[("rootfs", &plain_tar)])),
            "line 2 may unpack `rootfs` among cron's files, which dockerlean does not read"
        );
        // A relative destination takes the WORKDIR of its own stage, not an earlier one's.
        let staged = "FROM python:3.12 AS build\nWORKDIR /build\nFROM python:3.12\nCOPY rootfs/ ./\nCMD cron -f\n";
        assert_eq!(
            read(
                staged,
                Some(&[("rootfs/etc/cron.d/ping", "* * * * * root curl x\n")])
            ),
            "curl via the cron table `ping`"
        );
        // supercronic's option values are not its table (Go's flags: `-x` or `--x`).
        for dashes in ["-", "--"] {
            let supercronic = format!(
                "FROM python:3.12\nCOPY . /app\nCMD [\"supercronic\", \"{dashes}prometheus-listen-address\", \"0.0.0.0:9746\", \"/app/crontab\"]\n"
            );
            assert_eq!(
                read(&supercronic, Some(&[("crontab", CURL_TABLE)])),
                "curl via the cron table `crontab`"
            );
        }
    }

    #[test]
    fn a_shell_given_a_cron_lines_input_runs_it() {
        let got: Vec<String> = table_lines("* * * * * sh%curl -fsS x%echo done\n", false, "t", &[])
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(got, ["sh", "curl -fsS x", "echo done"]);
        let wrapped: Vec<String> =
            table_lines("* * * * * cd /srv && sh -s%curl -fsS x\n", false, "t", &[])
                .into_iter()
                .map(|l| l.text)
                .collect();
        assert_eq!(wrapped, ["cd /srv && sh -s", "curl -fsS x"]);
        let data: Vec<String> = table_lines(
            "* * * * * cat > /tmp/x%curl is text here\n",
            false,
            "t",
            &[],
        )
        .into_iter()
        .map(|l| l.text)
        .collect();
        assert_eq!(data, ["cat > /tmp/x"]);
        // `su -` starts the user's login shell, which reads the input.
        let su: Vec<String> = table_lines(
            "* * * * * root su -%curl -fsS x\n",
            true,
            "t",
            &["su".to_string()],
        )
        .into_iter()
        .map(|l| l.text)
        .collect();
        assert_eq!(su, ["su -", "curl -fsS x"]);
    }

    #[test]
    fn command_lines_of_a_cron_table() {
        let t = "SHELL=/bin/bash\nMAILTO = ops\n# nightly\n*/5 * * * * root wget -q http://x/ping >/dev/null 2>&1\n@daily root /app/backup.sh\n0 1 * * * root mail -s hi ops%body\\%more\n";
        let got: Vec<String> = table_lines(t, true, "t", &[])
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            got,
            [
                "wget -q http://x/ping >/dev/null 2>&1",
                "/app/backup.sh",
                "mail -s hi ops"
            ]
        );
        let user: Vec<String> = table_lines(
            "0 3 * * 1 cd /app && python job.py\n@reboot node w.js",
            false,
            "t",
            &[],
        )
        .into_iter()
        .map(|l| l.text)
        .collect();
        assert_eq!(user, ["cd /app && python job.py", "node w.js"]);
        // An escaped % is part of the command.
        let esc: Vec<String> = table_lines("* * * * * date +\\%F > /tmp/d", false, "t", &[])
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(esc, ["date +%F > /tmp/d"]);
    }
}
