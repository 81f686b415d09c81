//! What a step the runtime replays reads from the image.
//!
//! The runtime stage is another image than the builder: the slim variant (or, for PHP,
//! the same image without the `-dev` packages). A replayed step that reads a file of
//! the full image (`cp /usr/share/doc/x/copyright .`), or links to one (`ln -s
//! /usr/lib/x86_64-linux-gnu/libgeos_c.so /usr/lib/libgeos.so`, where the unversioned
//! name is the `-dev` package's), finds nothing there: the `cp` fails the build, and
//! the link dangles without a word. So every path such a step reads, edits in place or
//! links to must be one the Dockerfile put there itself, lie outside the image's own
//! folders, or be one both images have alike (`[replay] image_same`).

use super::*;

/// Advice when step `e` (command `c` of the RUN `inst`), replayed in the runtime, reads
/// or links to a path the runtime image may lack.
pub(super) fn replayed_reads(
    doc: &Document,
    stack: Stack,
    inst: &Instruction,
    c: &crate::syntax::shell::Command,
    e: &crate::effects::Effect,
) -> Sure<()> {
    // The slim images' dpkg configuration leaves out documentation, manual pages and
    // locales of every package (the php runtime is the builder's own image).
    if stack != Stack::Php {
        let excludes = &images().excludes;
        let words = c
            .args
            .iter()
            .chain(c.redirects.iter().map(|r| &r.target))
            .map(|w| w.value.as_str());
        if let Some(w) = words.into_iter().find(|w| excludes.named_in(w)) {
            return unsure(format!(
                "line {} replays `{}` on `{w}` in the runtime, whose slim image leaves out documentation, manual pages and locales",
                inst.line, e.program
            ));
        }
    }
    // PHP's runtime is the builder's image: only what the `-dev` packages ship is
    // missing there. The others' runtimes are Debian's slim images.
    let family = (stack != Stack::Php).then(|| ["debian", stack.key()]);
    match reads_elsewhere(doc, family.as_ref().map(|f| &f[..]), inst, e) {
        Ok(()) => Ok(()),
        Err(Missing::Unknown(p)) => unsure(format!(
            "line {} replays `{}` in the runtime, reading `{p}`, a path not known in full",
            inst.line, e.program
        )),
        Err(Missing::Read(p)) => unsure(format!(
            "line {} replays `{}` in the runtime, reading `{p}`, a file of the full image the runtime image may lack",
            inst.line, e.program
        )),
        Err(Missing::Link(p)) => unsure(format!(
            "line {} replays a link to `{p}` in the runtime, a file of the full image the runtime image may lack (the link would dangle)",
            inst.line
        )),
    }
}

/// A path a step needs that another image may lack.
pub(crate) enum Missing {
    /// Not known in full (a variable, a glob, relative after a `cd`).
    Unknown(String),
    /// A file it reads or changes.
    Read(String),
    /// What a link it makes points at.
    Link(String),
}

/// Characters that leave a path not known in full: expansions, globs, `~`.
pub(super) const NOT_LITERAL: [char; 6] = ['$', '*', '?', '[', '`', '~'];

/// Whether step `e` of the RUN `inst`, run on a smaller variant of its image, finds
/// every path it reads, changes in place or links to. `family` names the keys of
/// `image_same` that image has (`debian` when it is one of Debian's, and the image's
/// name: its alpine variant has only the latter); None for the same image without its
/// `-dev` packages.
pub(crate) fn reads_elsewhere(
    doc: &Document,
    family: Option<&[&str]>,
    inst: &Instruction,
    e: &crate::effects::Effect,
) -> Result<(), Missing> {
    let data = &stacks().replay;
    let needs_existing = data.needs_existing.contains(&e.program);
    // Most steps read nothing (slim-base asks for every command of every RUN).
    if e.reads.is_empty() && e.links_to.is_empty() && (!needs_existing || e.writes.is_empty()) {
        return Ok(());
    }
    let chain = inst.stage.map_or_else(Vec::new, |s| doc.chain(s));
    let wd = chain_workdir(doc, &chain, inst.index).and_then(|wd| cwd_at(doc, inst, e, wd));
    // Where a path of this step lies, absolute; None where that is not known.
    let place = |p: &str, base: Option<&str>| -> Option<String> {
        if p.contains(NOT_LITERAL) {
            return None;
        }
        if p.starts_with('/') {
            return Some(clean_path(p));
        }
        match base {
            Some(b) => Some(clean_path(&format!("{b}/{p}"))),
            None => Some(clean_path(&resolve(wd.as_ref()?.as_deref(), p))),
        }
    };
    // What the Dockerfile made before the step, read once and only when needed. A path
    // under one is there; with `exists` (a folder is enough), so is a folder holding
    // one (made on the way: `mkdir -p /opt/app/db` makes /opt/app).
    let made = std::cell::OnceCell::new();
    let has = |p: &str, exists: bool| {
        has_there(family, p)
            || made
                .get_or_init(|| made_before(doc, &chain, inst, e))
                .iter()
                .any(|m: &String| under_dir(p, m) || exists && under_dir(m, p))
    };
    let read = e
        .reads
        .iter()
        .chain(needs_existing.then_some(&e.writes).into_iter().flatten());
    for p in read {
        let abs = place(p, None).ok_or_else(|| Missing::Unknown(p.clone()))?;
        // `chmod -R`, `chown` only need the path there.
        if !has(&abs, needs_existing && !e.reads.contains(p)) {
            return Err(Missing::Read(abs));
        }
    }
    // A link's relative target is relative to the link's folder: the link is the last
    // path written, a folder when it ends in `/` or came with `-t`, else maybe one.
    let link = e.writes.last().and_then(|l| place(l, None));
    for t in &e.links_to {
        let candidates: Vec<Option<String>> = if t.starts_with('/') {
            vec![place(t, None)]
        } else {
            match &link {
                None => vec![None],
                Some(l) => {
                    let parent = l.rsplit_once('/').map_or("", |(d, _)| d).to_string();
                    vec![place(t, Some(&parent)), place(t, Some(l))]
                }
            }
        };
        for abs in candidates {
            let abs = abs.ok_or_else(|| Missing::Unknown(t.clone()))?;
            if !has(&abs, true) {
                return Err(Missing::Link(abs));
            }
        }
    }
    Ok(())
}

/// Whether the other image surely has `path` whatever the Dockerfile did: outside the
/// image's own folders, in `image_same`, or a program every runtime image has.
fn has_there(family: Option<&[&str]>, path: &str) -> bool {
    let data = &stacks().replay;
    let Some(family) = family else {
        return !crate::transform::dev_purge::names_dev_file(path);
    };
    if !data.image_owned.iter().any(|d| under_dir(path, d)) {
        return true;
    }
    let same = |key: &str| {
        data.image_same
            .get(key)
            .is_some_and(|l| l.iter().any(|d| under_dir(path, d)))
    };
    if family.iter().any(|k| same(k)) {
        return true;
    }
    // A program every runtime image of the stack has (in Debian's layout, where /bin
    // is /usr/bin).
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    family.contains(&"debian")
        && matches!(dir, "/bin" | "/usr/bin" | "/sbin" | "/usr/sbin")
        && (data.commands.iter().any(|c| c == name)
            || family.iter().any(|k| {
                data.stack
                    .get(*k)
                    .is_some_and(|l| l.iter().any(|c| c == name))
            }))
}

/// The paths the Dockerfile itself put in the image before step `e` of `inst`, in the
/// stages of `chain`: COPY and ADD destinations, WORKDIRs, and paths earlier steps
/// wrote. Those steps come to the runtime as they were (replayed, or their writes
/// copied from the builder), or the split is advice for them.
fn made_before(
    doc: &Document,
    chain: &[usize],
    inst: &Instruction,
    e: &crate::effects::Effect,
) -> Vec<String> {
    let mut made = Vec::new();
    let mut keep = |p: String| {
        let p = p.trim_end_matches('/');
        if !p.is_empty() {
            made.push(p.to_string());
        }
    };
    // The WORKDIR in effect, followed along (None: not known).
    let mut wd: Option<Option<String>> = Some(None);
    for earlier in &doc.instructions[..=inst.index] {
        if !earlier.stage.is_some_and(|s| chain.contains(&s)) {
            continue;
        }
        match earlier.kind {
            Kind::Workdir => {
                wd = chain_workdir(doc, chain, earlier.index + 1);
                if let Some(Some(w)) = &wd {
                    keep(w.clone());
                }
            }
            Kind::Copy | Kind::Add if earlier.index < inst.index => {
                if let (Some(wd), Some(d)) = (&wd, earlier.paths.last()) {
                    let d = d.value.trim_matches('"');
                    if !d.contains('$') {
                        keep(clean_path(&resolve(wd.as_deref(), d)));
                    }
                }
            }
            Kind::Run => {
                let Some(wd) = &wd else { continue };
                let effects = doc.effects(earlier.index).unwrap_or_default();
                let upto = if earlier.index == inst.index {
                    e.command
                } else {
                    effects.len()
                };
                for f in effects.iter().take(upto) {
                    // A change to a file that is there (`chmod`, `sed -i`) makes none.
                    if stacks().replay.needs_existing.contains(&f.program) {
                        continue;
                    }
                    let moved = moved_before(doc, earlier, f);
                    for w in f.writes.iter().filter(|w| !f.reads.contains(w)) {
                        if w.contains(NOT_LITERAL) || moved && !w.starts_with('/') {
                            continue;
                        }
                        keep(clean_path(&resolve(wd.as_deref(), w)));
                    }
                }
            }
            _ => {}
        }
    }
    made
}

/// The WORKDIR in effect before instruction `before` of the last stage of `chain`, from
/// the WORKDIRs of the stages it is built on: Some(None) for `/`, None where a WORKDIR
/// uses a variable.
fn chain_workdir(doc: &Document, chain: &[usize], before: usize) -> Option<Option<String>> {
    let mut wd: Option<String> = None;
    for &s in chain.iter().rev() {
        let range = &doc.stages[s].instructions;
        let end = before.clamp(range.start, range.end);
        if let Some(w) =
            workdir_between(doc, range.start, end, Some(wd.as_deref().unwrap_or(""))).ok()?
        {
            wd = Some(w);
        }
    }
    Some(wd.filter(|w| !w.is_empty()))
}

/// The working directory step `e` of `inst` runs in, from `wd` (the WORKDIR) and the
/// `cd`s before it in its RUN: None where that is not known (a `cd` to a variable, in a
/// subshell or condition, `pushd`).
pub(super) fn cwd_at(
    doc: &Document,
    inst: &Instruction,
    e: &crate::effects::Effect,
    wd: Option<String>,
) -> Option<Option<String>> {
    let Some(body) = doc.shell(inst.index) else {
        return Some(wd);
    };
    let effects = doc.effects(inst.index).unwrap_or_default();
    let mut cwd = wd;
    for f in effects.iter().take(e.command).filter(|f| f.chdir) {
        let c = &body.commands[f.command];
        let [to] = &c.args[..] else { return None };
        if f.program != "cd"
            || c.isolated
            || c.nested
            || to.value.contains(['$', '`', '~', '*'])
            || to.value == "-"
        {
            return None;
        }
        cwd = Some(clean_path(&resolve(cwd.as_deref(), &to.value)));
    }
    Some(cwd.filter(|w| w != "/"))
}
