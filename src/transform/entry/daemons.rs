//! The command lines that daemons started by the entry run from files of their own:
//! supervisord's `command=` lines, cron's tables and script folders (`[daemons]` in
//! effects' programs.toml). A daemon's file that cannot be read (not in the build
//! context, copied from elsewhere, written or installed by a RUN from text dockerlean does
//! not read) is reported, since it may run anything.

use std::path::{Path, PathBuf};

use super::{Line, base, base_words, context_files, context_source, copied_sources};
use crate::effects::{Daemon, Invocation, under};
use crate::syntax::{Document, Instruction, Kind};
use crate::transform::Context;

/// Follows the daemons entry lines start, each once.
pub(super) struct Daemons<'a> {
    doc: &'a Document,
    ctx: &'a Context,
    followed: Vec<&'static str>,
}

impl<'a> Daemons<'a> {
    pub(super) fn new(doc: &'a Document, ctx: &'a Context) -> Self {
        Daemons {
            doc,
            ctx,
            followed: Vec::new(),
        }
    }

    /// The command lines of the daemons `line` starts that were not followed yet, and
    /// (into `unread`) why some of their files could not be read.
    pub(super) fn follow(&mut self, line: &str, unread: &mut Vec<String>) -> Vec<Line> {
        let words = base_words(line);
        let mut out = Vec::new();
        for (name, d) in &crate::effects::programs().daemons {
            // A table given to the daemon itself (`supercronic /app/crontab`) is read
            // each time a line names one.
            for (i, w) in words.iter().enumerate() {
                if d.table_operand.contains(w) {
                    match words[i + 1..].iter().find(|w| !w.starts_with('-')) {
                        Some(t) => self.installed_table(name, t, false, &mut out, unread),
                        None => push(unread, format!("`{w}` is given no table to read")),
                    }
                }
            }
            if self.followed.contains(&name.as_str()) || !words.iter().any(|w| d.names.contains(w))
            {
                continue;
            }
            self.followed.push(name.as_str());
            self.follow_daemon(name, d, &mut out, unread);
        }
        out
    }

    fn follow_daemon(&self, name: &str, d: &Daemon, out: &mut Vec<Line>, unread: &mut Vec<String>) {
        let (doc, ctx) = (self.doc, self.ctx);
        // Its configuration found by name anywhere in the context (supervisord.conf).
        for f in context_files(ctx, &d.context_names) {
            let file = f
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            read_file(name, d, &f, &file, out);
        }
        for i in &doc.instructions {
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
        let dest = dest.value.trim_matches('"');
        if !dest.starts_with('/') {
            return;
        }
        let into = dest.ends_with('/') || srcs.len() > 1;
        for src in srcs {
            let v = src.value.trim_matches('"');
            let named = if into {
                format!("{}/{}", dest.trim_end_matches('/'), base(v))
            } else {
                dest.to_string()
            };
            match context_source(self.ctx, i, v) {
                Some(p) if p.is_file() => {
                    if d.owns(&named) {
                        read_file(name, d, &p, &named, out);
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
                        if d.owns(&at) {
                            read_file(name, d, &f, &at, out);
                        }
                    }
                }
                // Not known in full (no context, another stage, a URL, a heredoc, a
                // glob): it matters when it may land among the daemon's files.
                _ => {
                    let verb = if d.owns(&named) || d.owns(dest) {
                        "puts"
                    } else if holds_place(dest, d) {
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
            if d.owns_named_in(text) {
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
            if let Some(w) = e.writes.iter().find(|w| d.owns(w)) {
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
                    Some(t) if t != "-" => self.installed_table(name, t, false, out, unread),
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
        path: &str,
        with_user: bool,
        out: &mut Vec<Line>,
        unread: &mut Vec<String>,
    ) {
        let n = base(path);
        let names = [n.clone()];
        let mut found = context_files(self.ctx, &names);
        for f in copied_sources(self.doc, self.ctx, &names) {
            if !found.contains(&f) {
                found.push(f);
            }
        }
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
                ));
            }
        }
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

/// The command lines of one of the daemon's files, by where it is in the image.
fn read_file(name: &str, d: &Daemon, path: &Path, at: &str, out: &mut Vec<Line>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let file = base(at);
    if d.configs.iter().any(|c| under(at, c)) || d.context_names.contains(&file) {
        for l in text.lines() {
            if let Some((key, value)) = l.trim().split_once('=')
                && key.trim() == d.key
            {
                out.push(Line {
                    text: value.trim().to_string(),
                    via: Some(format!("{name}'s `{file}`")),
                });
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
        ));
    } else if d.scripts.iter().any(|s| under(at, s)) {
        // A script the daemon runs: read as the entry's scripts are (by its path).
        out.push(Line {
            text: at.to_string(),
            via: Some(name.to_string()),
        });
    }
}

/// The command lines of a cron table (crontab(5)): after the five time fields (or an
/// `@daily`-like word) and, in a system table, the user; up to an unescaped `%`, after
/// which the text is the command's standard input. Comments and `NAME=value` lines are
/// not commands.
pub(super) fn table_lines(text: &str, with_user: bool, via: &str) -> Vec<Line> {
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
        let mut cmd = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        if n != '%' {
                            cmd.push('\\');
                        }
                        cmd.push(n);
                    }
                }
                '%' => break,
                c => cmd.push(c),
            }
        }
        out.push(Line {
            text: cmd.trim().to_string(),
            via: Some(via.to_string()),
        });
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
    fn command_lines_of_a_cron_table() {
        let t = "SHELL=/bin/bash\nMAILTO = ops\n# nightly\n*/5 * * * * root wget -q http://x/ping >/dev/null 2>&1\n@daily root /app/backup.sh\n0 1 * * * root mail -s hi ops%body\\%more\n";
        let got: Vec<String> = table_lines(t, true, "t")
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
        )
        .into_iter()
        .map(|l| l.text)
        .collect();
        assert_eq!(user, ["cd /app && python job.py", "node w.js"]);
        // An escaped % is part of the command.
        let esc: Vec<String> = table_lines("* * * * * date +\\%F > /tmp/d", false, "t")
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(esc, ["date +%F > /tmp/d"]);
    }
}
