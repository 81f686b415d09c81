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
    let data = &stacks().replay;
    let wd = workdir_at(doc, inst.index)?;
    let moved = moved_before(doc, inst, e);
    // Where a path of this step lies, absolute; None where that is not known.
    let place = |p: &str, base: Option<&str>| -> Option<String> {
        if p.contains(['$', '*', '?', '[', '`', '~']) {
            return None;
        }
        if p.starts_with('/') {
            return Some(clean_path(p));
        }
        match base {
            Some(b) => Some(clean_path(&format!("{b}/{p}"))),
            None if moved => None,
            None => Some(clean_path(&resolve(wd.as_deref(), p))),
        }
    };
    let needs_existing = data.needs_existing.contains(&e.program);
    let read = e
        .reads
        .iter()
        .chain(needs_existing.then_some(&e.writes).into_iter().flatten());
    for p in read {
        let Some(abs) = place(p, None) else {
            return unsure(format!(
                "line {} replays `{}` in the runtime, reading `{p}`, a path not known in full",
                inst.line, e.program
            ));
        };
        if !runtime_has(doc, stack, inst, e, &abs)? {
            return unsure(format!(
                "line {} replays `{}` in the runtime, reading `{abs}`, a file of the full image the runtime image may lack",
                inst.line, e.program
            ));
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
            let Some(abs) = abs else {
                return unsure(format!(
                    "line {} replays a link to `{t}` in the runtime, a path not known in full",
                    inst.line
                ));
            };
            if !runtime_has(doc, stack, inst, e, &abs)? {
                return unsure(format!(
                    "line {} replays a link to `{abs}` in the runtime, a file of the full image the runtime image may lack (the link would dangle)",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}

/// Whether the runtime surely has `path` when step `e` of `inst` runs there as it was
/// in the original.
fn runtime_has(
    doc: &Document,
    stack: Stack,
    inst: &Instruction,
    e: &crate::effects::Effect,
    path: &str,
) -> Sure<bool> {
    let data = &stacks().replay;
    // PHP's runtime is the builder's image: only what the `-dev` packages ship is
    // missing there.
    if stack == Stack::Php {
        return Ok(!crate::transform::dev_purge::names_dev_file(path));
    }
    if !data.image_owned.iter().any(|d| under_dir(path, d)) {
        return Ok(true);
    }
    let same = |key: &str| {
        data.image_same
            .get(key)
            .is_some_and(|l| l.iter().any(|d| under_dir(path, d)))
    };
    if same("all") || same(stack.key()) {
        return Ok(true);
    }
    // A program every runtime image of the stack has.
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    if matches!(dir, "/bin" | "/usr/bin" | "/sbin" | "/usr/sbin")
        && (data.commands.iter().any(|c| c == name)
            || data
                .stack
                .get(stack.key())
                .is_some_and(|l| l.iter().any(|c| c == name)))
    {
        return Ok(true);
    }
    made_before(doc, inst, e, path)
}

/// Whether the Dockerfile itself put `path` (or a folder holding it) in the image
/// before step `e` of `inst`: a COPY or ADD destination, a WORKDIR, or a path an
/// earlier step wrote. Those steps come to the runtime as they were (replayed, or
/// their writes copied from the builder), or the split is advice for them.
fn made_before(
    doc: &Document,
    inst: &Instruction,
    e: &crate::effects::Effect,
    path: &str,
) -> Sure<bool> {
    let holds = |made: &str| {
        let made = made.trim_end_matches('/');
        !made.is_empty() && under_dir(path, made)
    };
    for earlier in &doc.instructions[..=inst.index] {
        let wd = workdir_at(doc, earlier.index)?;
        match earlier.kind {
            Kind::Workdir => {
                if let Some(w) = workdir_at(doc, earlier.index + 1)?
                    && holds(&w)
                {
                    return Ok(true);
                }
            }
            Kind::Copy | Kind::Add if earlier.index < inst.index => {
                if let Some(d) = earlier.paths.last() {
                    let d = d.value.trim_matches('"');
                    if !d.contains('$') && holds(&clean_path(&resolve(wd.as_deref(), d))) {
                        return Ok(true);
                    }
                }
            }
            Kind::Run => {
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
                        if w.contains(['$', '*', '?', '[', '`', '~'])
                            || moved && !w.starts_with('/')
                        {
                            continue;
                        }
                        if holds(&clean_path(&resolve(wd.as_deref(), w))) {
                            return Ok(true);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(false)
}
