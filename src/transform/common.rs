//! Helpers shared by the transforms: reading commands out of RUN bodies, appending to a
//! RUN, cache mounts, stage environment, where a stage ships.

pub use crate::effects::{Invocation, basename};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Document, Form, Instruction, Kind, ShellBody};

/// Glob match where `*` matches any run of characters (program names like `pip3.*`,
/// paths like `*pypoetry*`).
pub fn glob(pattern: &str, s: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == s,
        Some((pre, rest)) => {
            let Some(tail) = s.strip_prefix(pre) else {
                return false;
            };
            if rest.is_empty() {
                return true;
            }
            (0..=tail.len())
                .filter(|&i| tail.is_char_boundary(i))
                .any(|i| glob(rest, &tail[i..]))
        }
    }
}

/// Whether the instruction's text contains one of `needles`: a cheap test that spares
/// parsing the shell of RUNs a transform has nothing to do with.
pub fn mentions(doc: &Document, inst: &Instruction, needles: &[&str]) -> bool {
    let text = &doc.text()[inst.range.clone()];
    needles.iter().any(|n| text.contains(n))
}

/// A shell-form RUN of a POSIX stage whose body parsed cleanly.
pub fn shell_run<'d>(doc: &'d Document, inst: &Instruction) -> Option<&'d ShellBody> {
    if inst.kind != Kind::Run || !inst.heredocs.is_empty() {
        return None;
    }
    if !matches!(inst.form, Form::Shell { .. }) || doc.escape() != b'\\' {
        return None;
    }
    if !doc.stages[inst.stage?].posix_shell {
        return None;
    }
    doc.shell(inst.index).filter(|b| b.clean)
}

/// An edit that runs `command` after everything else in the RUN: ` && \` and a new
/// line. None where that cannot be done safely (a trailing `;` or `&`, or a shell
/// comment that would swallow it).
pub fn append_to_run(doc: &Document, body: &ShellBody, command: &str) -> Option<Edit> {
    if body.has_comment || body.has_background {
        return None;
    }
    let last = body.statements.last()?;
    if last.separator.is_some() {
        return None;
    }
    // `a || b && cleanup` means `(a || b) && cleanup`: fine. A body of several
    // `;`-separated statements ends with the last one, so `&&` binds to it alone, which
    // is what we want too: the cleanup runs when the layer's last step succeeded.
    let text = format!(
        " && \\{}{}{command}",
        doc.newline(),
        doc.continuation_indent()
    );
    Some(Edit::insert(body.end(), text))
}

/// Whether a `--mount=type=cache` or `type=tmpfs` of this RUN covers `path`.
pub fn mount_covers(inst: &Instruction, path: &str) -> bool {
    inst.flags.iter().filter(|f| f.name == "mount").any(|f| {
        let v = f.value.as_deref().unwrap_or("");
        let mut kind = "bind";
        let mut target = None;
        for kv in v.split(',') {
            let (k, val) = kv.split_once('=').unwrap_or((kv, ""));
            match k.trim() {
                "type" => kind = val.trim(),
                "target" | "dst" | "destination" => target = Some(val.trim().trim_end_matches('/')),
                _ => {}
            }
        }
        matches!(kind, "cache" | "tmpfs")
            && target
                .is_some_and(|t| path == t || path.starts_with(&format!("{t}/")) || t.is_empty())
    })
}

/// Whether `ENV`/`ARG` in the stage (or the stages it is built on), before instruction
/// `before`, sets `name`.
pub fn stage_sets_env(doc: &Document, stage: usize, before: usize, name: &str) -> bool {
    doc.declares(stage, before, name)
}

/// `NAME=...` or the legacy `NAME value` form in an ENV/ARG text or an `export` word.
fn declares(text: &str, name: &str) -> bool {
    text.split_whitespace().any(|w| {
        w == name
            || w.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('='))
    })
}

/// Whether the body exports or sets `name` before `offset` (outside subshells).
pub fn body_sets_env(body: &ShellBody, name: &str, offset: usize) -> bool {
    body.commands.iter().any(|c| {
        c.range.start < offset
            && !c.isolated
            && (c.name.is_empty() || matches!(c.program(), "export" | "declare" | "typeset"))
            && c.args.iter().any(|a| declares(&a.value, name))
    })
}

/// The instructions after `inst` in its stage, then those of the stages built on that
/// stage: what a change `inst` makes reaches.
pub fn later_in_stage<'d>(
    doc: &'d Document,
    stage: usize,
    inst: &Instruction,
) -> impl Iterator<Item = &'d Instruction> {
    let descendants = doc.descendants(stage);
    doc.instructions[inst.index + 1..doc.stages[stage].instructions.end]
        .iter()
        .chain(
            descendants
                .into_iter()
                .flat_map(|s| &doc.instructions[doc.stages[s].instructions.clone()]),
        )
}

/// Whether stage `s` reaches the final image (the final stage and the stages it is
/// built `FROM`).
pub fn shipped(doc: &Document, s: usize) -> bool {
    doc.shipped_stages().contains(&s)
}

/// The finding of a cleanup that appends `command` to a RUN: a safe fix in a shipped
/// stage, advice in a build stage that does not ship (or where appending is not safe).
pub fn cleanup_finding(
    id: &'static str,
    doc: &Document,
    inst: &Instruction,
    body: &ShellBody,
    message: String,
    command: &str,
) -> Finding {
    let stage = inst.stage.unwrap_or(0);
    if !shipped(doc, stage) {
        return Finding::new(
            id,
            inst.keyword.clone(),
            format!("{message} (a build stage that does not ship: advice only)"),
        );
    }
    let f = Finding::new(id, inst.keyword.clone(), message);
    match append_to_run(doc, body, command) {
        Some(e) => f.with_fix(Fix::safe(vec![e])),
        None => f,
    }
}

/// A build cache mount for `--cache-mounts`: where, and `sharing=locked` for a package
/// manager that cannot share its cache between concurrent builds (apt, dnf, yum).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheMount {
    pub target: String,
    #[serde(default)]
    pub locked: bool,
    /// Only in a stage that does not ship: the folder holds what later steps of the
    /// stage or the image itself may read (Go modules, Cargo's registry), not only a
    /// cache.
    #[serde(default)]
    pub unshipped_only: bool,
}

/// The edit that gives RUN `inst` these cache mounts (right after its keyword).
pub fn cache_mounts_edit(inst: &Instruction, mounts: &[&CacheMount]) -> Edit {
    let text: String = mounts
        .iter()
        .map(|m| {
            format!(
                " --mount=type=cache,target={}{}",
                m.target,
                if m.locked { ",sharing=locked" } else { "" }
            )
        })
        .collect();
    Edit::insert(inst.keyword.end, text)
}

/// Whether RUN `inst` runs as root: the last USER before it in its stage, or in the
/// stages it is built on (an image's own USER is not known here: taken as root).
pub fn runs_as_root(doc: &Document, inst: &Instruction) -> bool {
    let Some(mut stage) = inst.stage else {
        return true;
    };
    let mut end = inst.index;
    loop {
        let range = doc.stages[stage].instructions.start..end;
        if let Some(u) = doc.instructions[range]
            .iter()
            .rfind(|i| i.kind == Kind::User)
        {
            let who = u.args.first().map_or("", |w| w.value.as_str());
            let name = who.split(':').next().unwrap_or("");
            return name == "root" || name == "0";
        }
        match doc.stages[stage].base {
            crate::syntax::Base::Stage(p) => {
                end = doc.stages[p].instructions.end;
                stage = p;
            }
            crate::syntax::Base::Image => return true,
        }
    }
}

/// Why the WORKDIR in effect is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkdirUnknown {
    /// The WORKDIR at this line uses a variable.
    Variable(usize),
    /// The WORKDIR at this line is relative to the base image's, which is not known.
    Relative(usize),
}

/// The WORKDIR in effect before instruction `before`, from the WORKDIRs of
/// `doc.instructions[from..before]`, trailing `/` removed (`/` itself reads as ""); None
/// when there is none. A first relative WORKDIR resolves against `base` (None: not
/// known, an error).
pub fn workdir_between(
    doc: &Document,
    from: usize,
    before: usize,
    base: Option<&str>,
) -> Result<Option<String>, WorkdirUnknown> {
    let mut wd: Option<String> = None;
    for inst in &doc.instructions[from..before] {
        if inst.kind != Kind::Workdir {
            continue;
        }
        let Some(w) = inst.args.first() else { continue };
        let v = w.value.trim_matches('"');
        if v.contains('$') {
            return Err(WorkdirUnknown::Variable(inst.line));
        }
        let v = v.trim_end_matches('/');
        wd = Some(if w.value.trim_matches('"').starts_with('/') {
            v.to_string()
        } else {
            match wd.as_deref().or(base) {
                Some(dir) => format!("{dir}/{v}"),
                None => return Err(WorkdirUnknown::Relative(inst.line)),
            }
        });
    }
    Ok(wd)
}

/// A path under the home folder as the shell writes it (`~/x`, `$HOME/x`, `${HOME}/x`)
/// as root's (`/root/x`), which it is where HOME is not set otherwise.
pub fn in_root_home(p: &str) -> Option<String> {
    ["~/", "$HOME/", "${HOME}/"]
        .iter()
        .find_map(|h| p.strip_prefix(h))
        .map(|rest| format!("/root/{rest}"))
}

/// Quotes a file name for sh when it needs it.
pub fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%=,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Whether ADD may unpack a local source of this name where it lands: BuildKit unpacks a
/// local tar archive, plain or compressed with gzip, bzip2, xz or zstd, whatever its
/// name (ADD's reference); so any name of those kinds is taken as one.
pub fn add_may_unpack(src: &str) -> bool {
    let name = src.rsplit('/').find(|p| !p.is_empty()).unwrap_or("");
    [
        ".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".gz", ".bz2", ".xz", ".zst",
    ]
    .iter()
    .any(|a| name.contains(a))
}

/// Whether ADD unpacks this local source of the build context: by its name, or by its
/// first bytes, as BuildKit decides by the content (tar's `ustar` at offset 257, or the
/// gzip, bzip2, xz or zstd magic).
pub fn add_unpacks(path: &std::path::Path, src: &str) -> bool {
    if add_may_unpack(src) {
        return true;
    }
    let mut head = [0u8; 262];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    head.starts_with(&[0x1f, 0x8b])
        || head.starts_with(b"BZh")
        || head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0])
        || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
        || head.get(257..262) == Some(b"ustar")
}
