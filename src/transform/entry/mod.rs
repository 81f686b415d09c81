//! What the image's entry runs: the programs of CMD and ENTRYPOINT command lines, of the
//! package.json scripts they run, and of the build context's shell scripts they start,
//! read word by word. Shared by the transforms that must know whether the running image
//! needs something (a program the slim image lacks, a compiler).

mod daemons;

use super::Context;
use super::common::shell_quote;
use crate::syntax::{Document, Form, Instruction, Kind};

/// A command line's words, with quoted text kept whole (its quotes removed, marked
/// quoted) and the shell's separators as `None` (`&&`, `||`, `;`, `|`, `&`, `$(`, `(`,
/// a backquote) or `Some(")")`. Brackets and commas (an exec form's JSON) end words.
pub(crate) fn shell_words(line: &str) -> Vec<Option<(String, bool)>> {
    let mut out: Vec<Option<(String, bool)>> = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    let flush = |out: &mut Vec<Option<(String, bool)>>, word: &mut String, quoted: &mut bool| {
        if !word.is_empty() || *quoted {
            out.push(Some((std::mem::take(word), *quoted)));
        }
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                quoted = true;
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    word.push(d);
                }
            }
            '$' if chars.peek() == Some(&'(') => {
                chars.next();
                flush(&mut out, &mut word, &mut quoted);
                out.push(None);
            }
            ';' | '|' | '&' | '(' | '`' => {
                flush(&mut out, &mut word, &mut quoted);
                out.push(None);
            }
            ')' => {
                flush(&mut out, &mut word, &mut quoted);
                out.push(Some((")".to_string(), false)));
            }
            c if c.is_whitespace() || "[],".contains(c) => flush(&mut out, &mut word, &mut quoted),
            c => word.push(c),
        }
    }
    flush(&mut out, &mut word, &mut quoted);
    out
}

/// The programs a command line runs, by base name: its first word, and each word after a
/// shell separator, after a wrapper or keyword that a command follows (`exec`, `sudo`,
/// `env`, `until`, `if`, `do`, ...) or an assignment; a shell's `-c` string is read as a
/// command line too, while quoted text (an echo's message) and a case pattern (`watch)`)
/// are not programs. A word-level reading, not a parse: it may see a program where there
/// is none (the safe side: advice).
pub(crate) fn programs_in(line: &str) -> Vec<String> {
    let words = shell_words(line);
    let mut out = Vec::new();
    let mut at_program = true;
    // The program of the current command, and whether its next word is a `-c` string.
    let mut program = String::new();
    let mut script_next = false;
    // Whether the next word is the module a `python -m` runs (a program of its own:
    // `python -m pip install`).
    let mut module_next = false;
    // Whether the current program is the line's first word and has no argument yet:
    // then a `)` right after it makes it a case pattern (`watch)`), not a command.
    let mut pattern_like = false;
    // After a wrapper (`sudo -u app`, `timeout 60`, `gosu app`; effects' [wrappers]):
    // how many of the command's words are still its own (options, their values, its
    // operands) before the command it runs.
    let wrappers = &crate::effects::programs().wrappers;
    let mut skip = 0usize;
    for (i, w) in words.iter().enumerate() {
        let Some((w, quoted)) = w else {
            at_program = true;
            pattern_like = false;
            skip = 0;
            continue;
        };
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if at_program
            && !quoted
            && let Some(wr) = wrappers.get(w.as_str())
        {
            let rest: Vec<&str> = words[i + 1..]
                .iter()
                .map_while(|x| x.as_ref().map(|(x, _)| x.as_str()))
                .collect();
            skip = wr.command_at(&rest).unwrap_or(rest.len());
            continue;
        }
        if script_next {
            script_next = false;
            out.extend(programs_in(w));
            continue;
        }
        if module_next {
            module_next = false;
            out.push(w.clone());
            continue;
        }
        if w == ")" {
            if pattern_like {
                out.pop();
            }
            pattern_like = false;
            at_program = true;
            continue;
        }
        if !at_program {
            pattern_like = false;
            // `-c`, or a cluster with it (`-lc`, `-ec`): the next word is a command line.
            if w.starts_with('-')
                && !w.starts_with("--")
                && w.contains('c')
                && matches!(program.as_str(), "sh" | "bash" | "dash" | "ash" | "zsh")
            {
                script_next = true;
            }
            if w == "-m" && program.starts_with("python") {
                module_next = true;
            }
            continue;
        }
        // Keywords and builtins a command follows (wrappers are peeled above).
        let keyword = !quoted
            && matches!(
                w.as_str(),
                "exec"
                    | "until"
                    | "while"
                    | "if"
                    | "then"
                    | "do"
                    | "else"
                    | "elif"
                    | "done"
                    | "fi"
                    | "esac"
                    | "}"
                    | "!"
                    | "{"
                    | "--"
            );
        if keyword || !quoted && w.contains('=') || w.starts_with('-') && !quoted {
            continue;
        }
        program = w.rsplit('/').next().unwrap_or(w).to_string();
        out.push(program.clone());
        pattern_like = i == 0;
        at_program = false;
    }
    out
}

/// The shell scripts a command line names (`./start.sh`, `sh start.sh`, `dumb-init --
/// /app/run.sh`), by file name.
pub(crate) fn scripts_in(line: &str) -> Vec<String> {
    let words = base_words(line);
    let mut out: Vec<String> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        // A file the shell sources (`. /app/lib/functions`) runs in it, whatever its name.
        let sourced = i > 0 && matches!(words[i - 1].as_str(), "." | "source");
        if (sourced || w.ends_with(".sh") || w.ends_with(".bash")) && !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

/// The files a command line sources into its shell (`. /app/lib/functions`), by name.
fn sourced_in(line: &str) -> Vec<String> {
    base_words(line)
        .windows(2)
        .filter(|w| matches!(w[0].as_str(), "." | "source"))
        .map(|w| w[1].clone())
        .collect()
}

/// The words of a command line by base name (`/app/run.sh` -> `run.sh`).
pub(super) fn base_words(line: &str) -> Vec<String> {
    shell_words(line)
        .into_iter()
        .flatten()
        .map(|(w, _)| w.rsplit('/').next().unwrap_or(&w).to_string())
        .collect()
}

/// Whether a script's first line names a shell: `#!/bin/sh`, `#!/usr/bin/env bash`,
/// `#!/usr/bin/env -S bash -e`.
fn shell_shebang(first: &str) -> bool {
    let Some(rest) = first.strip_prefix("#!") else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let interpreter = match words.first().map(|w| w.rsplit('/').next().unwrap_or(w)) {
        Some("env") => words[1..]
            .iter()
            .find(|w| !w.starts_with('-') && !w.contains('='))
            .copied(),
        other => other,
    };
    interpreter
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .is_some_and(|w| {
            matches!(
                w,
                "sh" | "bash" | "dash" | "ash" | "ksh" | "zsh" | "busybox"
            )
        })
}

/// The files of the build context named one of `names`, in one walk down to four
/// folders deep (not in .git, node_modules, vendor or target): where a COPY took a file
/// from is not always the context's top (`COPY web/ ./`).
pub(crate) fn context_files<S: AsRef<str>>(ctx: &Context, names: &[S]) -> Vec<std::path::PathBuf> {
    context_files_where(ctx, |e| names.iter().any(|n| e.file_name() == n.as_ref()))
}

/// The files of the build context for which `wanted` holds, in the walk of
/// [`context_files`].
pub(crate) fn context_files_where(
    ctx: &Context,
    wanted: impl Fn(&ignore::DirEntry) -> bool,
) -> Vec<std::path::PathBuf> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return Vec::new();
    };
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .max_depth(Some(4))
        .filter_entry(|e| {
            !matches!(
                e.file_name().to_str(),
                Some(".git" | "node_modules" | "vendor" | "target")
            )
        })
        .build()
        .flatten()
        .take(20_000)
        .filter(|e| wanted(e) && e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect()
}

/// Where a COPY or ADD source is in the build context: None without a known context,
/// for another stage's or image's files, a URL, or a path with a glob, a variable or
/// `..` (not one file known in full).
pub(crate) fn context_source(
    ctx: &Context,
    inst: &Instruction,
    src: &str,
) -> Option<std::path::PathBuf> {
    let dir = ctx.build_context.as_deref()?;
    let v = src.trim_matches('"');
    let literal =
        !v.contains(['*', '?', '[', '$']) && !v.contains("://") && !v.split('/').any(|p| p == "..");
    (literal && inst.copy_from().is_none()).then(|| dir.join(v.trim_start_matches('/')))
}

/// The package.json scripts a command line runs through npm, yarn or pnpm (`npm start`,
/// `npm run build`, `yarn serve`, `pnpm run dev`).
pub(crate) fn script_names(line: &str) -> Vec<String> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || "\"'[],()".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let prog = w.rsplit('/').next().unwrap_or(w);
        let next = words.get(i + 1).copied().unwrap_or("");
        let after = words.get(i + 2).copied().unwrap_or("");
        // npm-run-all's run-p and run-s run the scripts their arguments name (its README).
        if matches!(prog, "run-p" | "run-s" | "npm-run-all") {
            out.extend(
                words[i + 1..]
                    .iter()
                    .take_while(|w| !matches!(**w, "&&" | "||" | ";" | "|"))
                    .filter(|w| !w.starts_with('-'))
                    .map(|w| w.to_string()),
            );
            continue;
        }
        let name = match (prog, next) {
            ("npm", "start" | "restart" | "stop" | "test" | "t") => Some(next),
            ("npm" | "yarn" | "pnpm", "run" | "run-script") => Some(after),
            ("yarn" | "pnpm", n) if !n.is_empty() && !n.starts_with('-') => Some(n),
            _ => None,
        };
        if let Some(n) = name.filter(|n| !n.is_empty() && !n.starts_with('-')) {
            out.push(if n == "t" {
                "test".to_string()
            } else {
                n.to_string()
            });
        }
    }
    out
}

/// A JSON file of the build context (a package.json), None when it cannot be read or
/// parsed.
pub(crate) fn read_json(path: &std::path::Path) -> Option<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// The command of a CMD, ENTRYPOINT, HEALTHCHECK or RUN as one shell line: a shell
/// form's text, or an exec form's arguments each quoted as the shell would get them
/// (not the keyword, nor HEALTHCHECK's options). None without a command.
pub(crate) fn command_line(doc: &Document, i: &Instruction) -> Option<String> {
    match &i.form {
        Form::Exec { args, .. } => Some(
            args.iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Form::Shell { range } => Some(doc.text()[range.clone()].to_string()),
        Form::None => None,
    }
}

/// The words of an instruction's command: an exec form's arguments, or a shell form
/// split on blanks.
pub(crate) fn command_words(doc: &Document, i: &Instruction) -> Vec<String> {
    match &i.form {
        Form::Exec { args, .. } => args.clone(),
        Form::Shell { range } => doc.text()[range.clone()]
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        Form::None => Vec::new(),
    }
}

/// Where the image's entry runs a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryRun {
    /// The program, by base name.
    pub program: String,
    /// What runs it, when not CMD or ENTRYPOINT itself: `the entry script `boot.sh``,
    /// `the cron table `app``, `supervisord's `app.conf``.
    pub via: Option<String>,
}

/// A command line the entry runs, and what runs it when not CMD or ENTRYPOINT itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    pub via: Option<String>,
}

/// What reading the entry found: the first program for which the test holds, and why
/// some of what it runs could not be read (see [`entry_reading`]).
#[derive(Debug, Default)]
pub(crate) struct EntryReading {
    pub hit: Option<EntryRun>,
    /// What the entry (or a script or daemon it starts) runs that could not be read:
    /// scripts not in the build context (named `*.sh`/`*.bash`, or files the Dockerfile
    /// itself puts in the image), daemons' files copied from elsewhere or written by a
    /// RUN. Each a phrase for the message.
    pub unread: Vec<String>,
}

impl EntryReading {
    /// Why the entry keeps an image from dropping programs, if it does: the first
    /// program the test held for (`CMD or ENTRYPOINT runs `curl`` or `the entry script
    /// `boot.sh` runs `git``, then `why(program)`), else the first thing it runs that
    /// could not be read, which may run anything.
    pub(crate) fn blocker(&self, why: &dyn Fn(&str) -> String) -> Option<String> {
        if let Some(run) = &self.hit {
            let p = &run.program;
            return Some(match &run.via {
                None => format!("CMD or ENTRYPOINT runs `{p}`{}", why(p)),
                Some(v) => format!("{v} runs `{p}`{}", why(p)),
            });
        }
        self.unread.first().cloned()
    }
}

/// The first program for which `hit` holds among those CMD and ENTRYPOINT run: their own
/// command lines, the package.json scripts they run through npm, yarn or pnpm (with the
/// scripts those run), the shell scripts of the build context they run, three levels
/// down, and the command lines of the daemons they start (supervisord, cron; `[daemons]`
/// in effects' programs.toml); and what they run that could not be read. What the app's
/// own code starts is not seen.
pub(crate) fn entry_reading(
    doc: &Document,
    ctx: &Context,
    hit: &dyn Fn(&str) -> bool,
) -> EntryReading {
    let mut lines: Vec<Line> = entry_lines(doc)
        .into_iter()
        .map(|text| Line { text, via: None })
        .collect();
    // `npm start`, `npm run X`, `yarn X`: the package.json scripts they run (with their
    // pre and post hooks, and the scripts those run), from the build context.
    // Every package.json of the context (the app's may be in a subfolder).
    for scripts in context_files(ctx, &["package.json"])
        .iter()
        .filter_map(|f| read_json(f).and_then(|v| v.get("scripts").cloned()))
    {
        let mut k = 0;
        while k < lines.len() && k < 64 {
            for name in script_names(&lines[k].text) {
                for n in [format!("pre{name}"), name.clone(), format!("post{name}")] {
                    if let Some(body) = scripts.get(&n).and_then(|b| b.as_str())
                        && !lines.iter().any(|l| l.text == body)
                    {
                        lines.push(Line {
                            text: body.to_string(),
                            via: None,
                        });
                    }
                }
            }
            k += 1;
        }
    }
    // The daemons those lines start run the lines of their own files (and may start
    // others: supervisord running cron).
    let mut unread: Vec<String> = Vec::new();
    let mut daemons = daemons::Daemons::new(doc, ctx);
    let mut k = 0;
    while k < lines.len() {
        let more = daemons.follow(&lines[k].text, &mut unread);
        lines.extend(more);
        k += 1;
    }
    for l in &lines {
        if let Some(p) = programs_in(&l.text).into_iter().find(|p| hit(p)) {
            return EntryReading {
                hit: Some(EntryRun {
                    program: p,
                    via: l.via.clone(),
                }),
                unread: Vec::new(),
            };
        }
    }
    // What the Dockerfile itself puts in the image: a script of these names is run from
    // there, whether or not the context has it.
    let placed = placed_files(doc);
    // The scripts the entry runs, found by name in the build context: every program
    // name (`entrypoint` has no suffix), the name a COPY took the file from when it
    // renamed it (`COPY docker/boot.sh /usr/local/bin/start`), and the scripts those
    // scripts run, three levels down.
    let renamed = copied_from(doc);
    let mut names: Vec<String> = lines.iter().flat_map(|l| programs_in(&l.text)).collect();
    names.extend(lines.iter().flat_map(|l| scripts_in(&l.text)));
    // Files sourced into a shell (`. lib/functions`): shell, whatever their name.
    let mut names_sourced: Vec<String> = lines.iter().flat_map(|l| sourced_in(&l.text)).collect();
    let mut seen: Vec<String> = Vec::new();
    for _depth in 0..3 {
        let mut wanted: Vec<String> = Vec::new();
        for n in names.drain(..) {
            let sources: Vec<String> = renamed
                .iter()
                .filter(|(dest, _)| *dest == n)
                .map(|(_, src)| src.clone())
                .collect();
            for n in sources.into_iter().chain(std::iter::once(n)) {
                if !seen.contains(&n) && !wanted.contains(&n) {
                    wanted.push(n);
                }
            }
        }
        if wanted.is_empty() {
            break;
        }
        seen.extend(wanted.iter().cloned());
        let mut found = context_files(ctx, &wanted);
        // The exact files COPY took from the context, also where the walk does not go
        // (`COPY target/release/app /usr/local/bin/`).
        for f in copied_sources(doc, ctx, &wanted) {
            if !found.contains(&f) {
                found.push(f);
            }
        }
        let found_names: Vec<String> = found
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        for n in &wanted {
            let app_code = super::split_stages::stacks()
                .app_code_suffixes
                .iter()
                .any(|s| n.ends_with(s.as_str()));
            let script_like = n.ends_with(".sh")
                || n.ends_with(".bash")
                || names_sourced.contains(n)
                || placed.contains(n) && !app_code;
            let renamed_found = renamed
                .iter()
                .any(|(dest, src)| dest == n && found_names.contains(src));
            let why = format!("the entry runs `{n}`, a script not in the build context to read");
            if script_like && !found_names.contains(n) && !renamed_found && !unread.contains(&why) {
                unread.push(why);
            }
        }
        for path in found {
            let name = path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            // Shell scripts only (`.sh`, or a shebang naming a shell): the app's own
            // code (server.js, app.py) is not read as commands.
            let shebang = text.lines().next().unwrap_or("");
            let sourced = names_sourced.contains(&name);
            let shell = name.ends_with(".sh")
                || name.ends_with(".bash")
                || sourced
                || shell_shebang(shebang);
            if !shell {
                continue;
            }
            // A heredoc's body is text, not commands (`cat <<EOF` writing an INI file).
            let mut heredoc: Option<String> = None;
            for line in text.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
                if let Some(end) = &heredoc {
                    if line == end {
                        heredoc = None;
                    }
                    continue;
                }
                if let Some((_, rest)) = line.split_once("<<") {
                    let word = rest
                        .trim_start_matches('-')
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_matches(['\'', '"']);
                    if !word.is_empty() {
                        heredoc = Some(word.to_string());
                    }
                }
                // The line itself, and what the daemons it starts run (`service cron
                // start` in an entrypoint script).
                let mut run = vec![Line {
                    text: line.to_string(),
                    via: Some(format!("the entry script `{name}`")),
                }];
                let mut k = 0;
                while k < run.len() {
                    let more = daemons.follow(&run[k].text, &mut unread);
                    run.extend(more);
                    k += 1;
                }
                for l in run {
                    let found = programs_in(&l.text);
                    if let Some(p) = found.iter().find(|p| hit(p)) {
                        return EntryReading {
                            hit: Some(EntryRun {
                                program: p.clone(),
                                via: l.via,
                            }),
                            unread,
                        };
                    }
                    names.extend(found);
                    names.extend(scripts_in(&l.text));
                    names_sourced.extend(sourced_in(&l.text));
                }
            }
        }
    }
    EntryReading { hit: None, unread }
}

/// The command lines of CMD and ENTRYPOINT (see [`command_line`]).
pub(crate) fn entry_lines(doc: &Document) -> Vec<String> {
    doc.instructions
        .iter()
        .filter(|i| matches!(i.kind, Kind::Cmd | Kind::Entrypoint))
        .filter_map(|i| command_line(doc, i))
        .collect()
}

/// The last component of a path (`/usr/local/bin/start/` -> `start`).
pub(super) fn base(p: &str) -> String {
    p.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(p)
        .to_string()
}

/// The base names of the files the Dockerfile puts in the image: COPY and ADD
/// destinations (heredoc and URL sources included), and files RUNs write.
fn placed_files(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in &doc.instructions {
        match i.kind {
            Kind::Copy | Kind::Add => {
                if let Some(dest) = i.paths.last().filter(|d| !d.value.ends_with('/')) {
                    out.push(base(&dest.value));
                }
            }
            Kind::Run => {
                for e in doc.effects(i.index).unwrap_or_default() {
                    out.extend(e.writes.iter().map(|w| base(w)));
                }
            }
            _ => {}
        }
    }
    out
}

/// The files of the build context that COPY and ADD (not from another stage or a URL)
/// put in the image under one of `names`: each single source path, when it is a file.
pub(super) fn copied_sources(
    doc: &Document,
    ctx: &Context,
    names: &[String],
) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for i in &doc.instructions {
        if !matches!(i.kind, Kind::Copy | Kind::Add) {
            continue;
        }
        let Some((dest, srcs)) = i.paths.split_last() else {
            continue;
        };
        for src in srcs {
            let name = if dest.value.ends_with('/') || srcs.len() > 1 {
                base(&src.value)
            } else {
                base(&dest.value)
            };
            if let Some(path) = context_source(ctx, i, &src.value)
                && names.contains(&name)
                && path.is_file()
                && !out.contains(&path)
            {
                out.push(path);
            }
        }
    }
    out
}

/// The files COPY and ADD (from the build context) put under another name: (the name in
/// the image, the name in the context), by base name.
fn copied_from(doc: &Document) -> Vec<(String, String)> {
    doc.instructions
        .iter()
        .filter(|i| {
            matches!(i.kind, Kind::Copy | Kind::Add) && !i.flags.iter().any(|f| f.name == "from")
        })
        .filter_map(|i| match i.paths.as_slice() {
            [src, dest] if !dest.value.ends_with('/') && !src.value.contains('*') => {
                let (d, s) = (base(&dest.value), base(&src.value));
                (d != s).then_some((d, s))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{programs_in, script_names, scripts_in};

    #[test]
    fn scripts_an_entry_runs() {
        assert_eq!(script_names("npm start"), ["start"]);
        assert_eq!(script_names("run-p serve refresh"), ["serve", "refresh"]);
        assert_eq!(
            scripts_in(". /app/lib/functions && ./boot.sh"),
            ["functions", "boot.sh"]
        );
        assert!(super::shell_shebang("#!/usr/bin/env -S bash -e"));
        assert!(super::shell_shebang("#!/bin/sh"));
        assert!(!super::shell_shebang("#!/usr/bin/env python3"));
        assert_eq!(script_names("[\"npm\", \"run\", \"serve\"]"), ["serve"]);
        assert_eq!(
            script_names("yarn dev && pnpm run worker"),
            ["dev", "worker"]
        );
        assert_eq!(script_names("npm ci --omit=dev"), Vec::<String>::new());
        assert_eq!(script_names("node server.js"), Vec::<String>::new());
    }

    #[test]
    fn programs_of_an_entry_line() {
        let p = |l: &str| programs_in(l);
        assert_eq!(p("gosu nobody git pull"), ["git"]);
        assert_eq!(
            p("sudo -u www-data -E git pull && exec node s.js"),
            ["git", "node"]
        );
        assert_eq!(
            p("timeout 60 bash -c 'until curl -fs x; do sleep 1; done'"),
            ["bash", "curl", "sleep"]
        );
        assert_eq!(p("xargs -n1 wget < urls"), ["wget"]);
        assert_eq!(p("env -u A B=1 python app.py"), ["python"]);
        assert_eq!(p("node server.js"), ["node"]);
        assert_eq!(
            p("curl -fsS $URL -o c.json && node server.js"),
            ["curl", "node"]
        );
        assert_eq!(
            p("sh -c wget -q x || exec /usr/bin/app"),
            ["sh", "wget", "app"]
        );
        assert_eq!(p("until curl -f db; do sleep 1; done"), ["curl", "sleep"]);
        assert_eq!(p("PORT=80 env A=1 gunicorn app:app"), ["gunicorn"]);
        assert_eq!(
            p("echo $(git rev-parse HEAD) | tee v"),
            ["echo", "git", "tee"]
        );
        // Arguments are not programs.
        assert_eq!(p("python app.py --watch make"), ["python"]);
        // Quoted text, case patterns, a subshell, an exec form's -c string.
        assert_eq!(p("echo \"Running migrations; watch the log\""), ["echo"]);
        assert_eq!(p("watch) run_watch ;;"), ["run_watch"]);
        assert_eq!(p("(cd /app && make)"), ["cd", "make"]);
        assert_eq!(p("'sh' '-c' 'curl -f x && node y'"), ["sh", "curl", "node"]);
        assert_eq!(
            p("'python' '-c' 'import urllib.request as r; r.urlopen(u)'"),
            ["python"]
        );
        assert_eq!(p("dumb-init -- /app/start.sh"), ["start.sh"]);
        // The module `python -m` runs is a program too.
        assert_eq!(
            p("python -m pip install -r r.txt && exec python app.py"),
            ["python", "pip", "python"]
        );
        assert_eq!(
            p("'python3' '-m' 'gunicorn' 'app:app'"),
            ["python3", "gunicorn"]
        );
    }

    #[test]
    fn scripts_an_entry_names() {
        assert_eq!(scripts_in("'dumb-init' '--' '/app/start.sh'"), ["start.sh"]);
        assert_eq!(scripts_in("sh start.sh && node x.js"), ["start.sh"]);
        assert_eq!(scripts_in("node server.js"), Vec::<String>::new());
    }
}
