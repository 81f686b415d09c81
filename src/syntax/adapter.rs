//! The only user of the `parse-dockerfile` crate: turns its instructions into the model's,
//! and checks them against the line scanner.

use std::borrow::Cow;
use std::ops::Range;

use parse_dockerfile as pd;

use super::image::ImageRef;
use super::model::{Flag, Form, FromInfo, HeredocBody, Instruction, Kind, ModelError, Word};
use super::scanner::{RawInstruction, Scan, Segment};

type Raw<'s> = (usize, &'s RawInstruction);

/// Builds the model's instructions from the crate's parse of `text`, checking that the
/// crate and the scanner see the same instructions at the same offsets. Where they do
/// not (or the crate rejects what BuildKit's line parser accepts), each instruction is
/// parsed alone, and one the crate cannot read is kept as [`Kind::Other`].
pub fn instructions(text: &str, scan: &Scan) -> Result<Vec<Instruction>, ModelError> {
    let raw: Vec<Raw<'_>> = scan
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Segment::Instruction(r) => Some((i, r)),
            _ => None,
        })
        .collect();
    if raw.is_empty() {
        // BuildKit's own message for such a file.
        return Err(ModelError::Parse {
            line: 1,
            message: "file with no instructions".into(),
        });
    }
    for (_, r) in &raw {
        if let Some(message) = super::rejects::rejection(r, scan.escape) {
            return Err(ModelError::Parse {
                line: r.line,
                message,
            });
        }
    }
    if let Some(out) = whole_file(text, scan, &raw) {
        return Ok(out);
    }
    let head = head_len(scan);
    let mut out = Vec::with_capacity(raw.len());
    for (index, &(segment, r)) in raw.iter().enumerate() {
        out.push(alone(text, scan.escape, head, index, (segment, r)));
    }
    Ok(out)
}

/// The crate's parse of the whole file, when it agrees with the scanner everywhere.
fn whole_file(text: &str, scan: &Scan, raw: &[Raw<'_>]) -> Option<Vec<Instruction>> {
    if raw
        .iter()
        .any(|(_, r)| ends_in_escaped_escape(text, r, scan.escape))
    {
        return None;
    }
    // The crate drops a BOM before parsing; its offsets start after it.
    let shift = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let empty_exec: Vec<Range<usize>> = raw.iter().filter_map(|r| empty_exec(text, r.1)).collect();
    let crate_text = stand_in(text, &empty_exec, 0);
    let iter = pd::parse_iter(&crate_text).ok()?;
    let mut out = Vec::with_capacity(raw.len());
    for item in iter {
        let parsed = match item {
            Ok(p) => p,
            // A file of global ARGs only: what was read is all there is.
            Err(e) if e.to_string().contains("expected at least one FROM") => break,
            Err(_) => return None,
        };
        let index = out.len();
        let &(segment, r) = raw.get(index)?;
        let inst = convert(&parsed, text, shift, index)?;
        out.push(place(inst, segment, r, &empty_exec)?);
    }
    (out.len() == raw.len()).then_some(out)
}

/// Checks the crate's instruction against the scanner's and gives it the scanner's
/// extent; `None` when they disagree.
fn place(
    mut inst: Instruction,
    segment: usize,
    r: &RawInstruction,
    empty_exec: &[Range<usize>],
) -> Option<Instruction> {
    if r.keyword.start != inst.keyword.start || inst.heredocs.len() != r.heredocs.len() {
        return None;
    }
    if let Some(at) = empty_exec.iter().find(|a| r.range.contains(&a.start)) {
        inst.form = Form::Exec {
            args: Vec::new(),
            range: at.clone(),
        };
    }
    inst.segment = segment;
    inst.range = r.range.clone();
    inst.line = r.line;
    inst.end_line = r.end_line;
    Some(inst)
}

/// Instruction `index` parsed by the crate on its own (after the file's directives and a
/// stand-in `FROM`, since the crate wants one first), or kept unread.
fn alone(text: &str, escape: u8, head: usize, index: usize, (segment, r): Raw<'_>) -> Instruction {
    let stub = "FROM scratch\n";
    let read = || {
        if ends_in_escaped_escape(text, r, escape) {
            return None;
        }
        let mut t = String::with_capacity(head + stub.len() + r.range.len());
        t.push_str(&text[..head]);
        t.push_str(stub);
        t.push_str(&text[r.range.clone()]);
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let shift = r.range.start as isize - (head - bom + stub.len()) as isize;
        let empty: Vec<Range<usize>> = empty_exec(text, r).into_iter().collect();
        let crate_text = stand_in(&t, &empty, r.range.start - (head + stub.len()));
        let mut iter = pd::parse_iter(&crate_text).ok()?;
        iter.next()?.ok()?;
        let parsed = iter.next()?.ok()?;
        if iter.next().is_some() {
            return None;
        }
        let inst = convert(&parsed, text, shift, index)?;
        place(inst, segment, r, &empty)
    };
    read().unwrap_or_else(|| Instruction {
        segment,
        range: r.range.clone(),
        line: r.line,
        end_line: r.end_line,
        keyword: r.keyword.clone(),
        ..Instruction::bare(index, Kind::Other)
    })
}
/// The crate rejects `CMD []` and `ENTRYPOINT [ ]`, which BuildKit accepts (they reset
/// the command): the range of such an empty array, to be shown to the crate as a
/// same-length string (see [`stand_in`]) and recorded as the empty exec form.
fn empty_exec(text: &str, r: &RawInstruction) -> Option<Range<usize>> {
    let kw = r.keyword_text();
    if !(kw.eq_ignore_ascii_case("cmd") || kw.eq_ignore_ascii_case("entrypoint")) {
        return None;
    }
    let rest = r.logical[kw.len()..].trim();
    let inner = rest.strip_prefix('[')?.strip_suffix(']')?;
    if !inner.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let at = r.file_offset(r.logical.find('[')?);
    let range = at..at + rest.len();
    (text.get(range.clone()) == Some(rest)).then_some(range)
}

/// `text` with each of `ranges` (file offsets; `text` starts at file offset `base`)
/// replaced by a JSON-less string of the same length (`"  "`).
fn stand_in<'t>(text: &'t str, ranges: &[Range<usize>], base: usize) -> Cow<'t, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut b = text.as_bytes().to_vec();
    for r in ranges {
        let r = r.start - base..r.end - base;
        b[r.clone()].fill(b' ');
        b[r.start] = b'"';
        b[r.end - 1] = b'"';
    }
    Cow::Owned(String::from_utf8(b).expect("ASCII replaced by ASCII"))
}

/// BuildKit ends an instruction at a line ending in two escapes (`C:\\`), which the crate
/// reads as an escaped escape and a continuation: such an instruction is not read.
fn ends_in_escaped_escape(text: &str, r: &RawInstruction, escape: u8) -> bool {
    let end = r.text_end();
    let line = text[r.range.start..end].trim_end_matches(['\r', '\n']);
    let b = line.trim_end_matches([' ', '\t']).as_bytes();
    b.len() >= 2 && b[b.len() - 1] == escape && b[b.len() - 2] == escape
}

/// Length of the file's head: BOM and parser directives, kept in front of an
/// instruction parsed alone.
fn head_len(scan: &Scan) -> usize {
    scan.segments
        .iter()
        .take_while(|s| matches!(s, Segment::Bom(_) | Segment::Directive(_)))
        .last()
        .map_or(0, |s| s.range().end)
}

/// A crate span moved to file offsets.
fn sh(r: &Range<usize>, shift: isize) -> Range<usize> {
    r.start.saturating_add_signed(shift)..r.end.saturating_add_signed(shift)
}

fn word(s: &pd::UnescapedString<'_>, shift: isize) -> Word {
    Word {
        value: s.value.to_string(),
        range: sh(&s.span, shift),
    }
}

fn flags<'a, 'b: 'a>(opts: impl IntoIterator<Item = &'a pd::Flag<'b>>, shift: isize) -> Vec<Flag> {
    opts.into_iter()
        .map(|f| Flag {
            name: f.name.value.to_ascii_lowercase(),
            value: f.value.as_ref().map(|v| v.value.to_string()),
            range: sh(&f.span(), shift),
        })
        .collect()
}

fn form(c: &pd::Command<'_>, shift: isize) -> Form {
    match c {
        pd::Command::Exec(a) => Form::Exec {
            args: a.value.iter().map(|s| s.value.to_string()).collect(),
            range: sh(&a.span, shift),
        },
        pd::Command::Shell(s) => Form::Shell {
            range: sh(&s.span, shift),
        },
        _ => Form::None,
    }
}

fn heredocs(h: &[pd::HereDoc<'_>], shift: isize) -> Vec<HeredocBody> {
    h.iter()
        .map(|d| HeredocBody {
            body: sh(&d.span, shift),
            expand: d.expand,
        })
        .collect()
}

fn paths(src: &[pd::Source<'_>], dest: &pd::UnescapedString<'_>, shift: isize) -> Vec<Word> {
    let mut out: Vec<Word> = src
        .iter()
        .map(|s| match s {
            pd::Source::Path(p) => word(p, shift),
            pd::Source::HereDoc(h) => Word {
                value: String::new(),
                range: sh(&h.span, shift),
            },
            _ => Word {
                value: String::new(),
                range: 0..0,
            },
        })
        .collect();
    out.push(word(dest, shift));
    out
}

fn convert(p: &pd::Instruction<'_>, text: &str, shift: isize, index: usize) -> Option<Instruction> {
    let mut inst = Instruction::bare(index, Kind::Run);
    fill(&mut inst, p, text, shift).then_some(inst)
}

/// Fills `inst` from the crate's instruction; false for a kind this model does not know.
fn fill(inst: &mut Instruction, p: &pd::Instruction<'_>, text: &str, shift: isize) -> bool {
    use pd::Instruction as I;
    let (kind, kw) = match p {
        I::Add(a) => {
            inst.flags = flags(&a.options, shift);
            inst.paths = paths(&a.src, &a.dest, shift);
            inst.heredocs = a
                .src
                .iter()
                .filter_map(|s| match s {
                    pd::Source::HereDoc(h) => Some(heredocs(std::slice::from_ref(h), shift)),
                    _ => None,
                })
                .flatten()
                .collect();
            (Kind::Add, &a.add)
        }
        I::Copy(c) => {
            inst.flags = flags(&c.options, shift);
            inst.paths = paths(&c.src, &c.dest, shift);
            inst.heredocs = c
                .src
                .iter()
                .filter_map(|s| match s {
                    pd::Source::HereDoc(h) => Some(heredocs(std::slice::from_ref(h), shift)),
                    _ => None,
                })
                .flatten()
                .collect();
            (Kind::Copy, &c.copy)
        }
        I::Arg(a) => {
            inst.args = vec![word(&a.arguments, shift)];
            (Kind::Arg, &a.arg)
        }
        I::Cmd(c) => {
            inst.form = form(&c.arguments, shift);
            (Kind::Cmd, &c.cmd)
        }
        I::Entrypoint(e) => {
            inst.form = form(&e.arguments, shift);
            (Kind::Entrypoint, &e.entrypoint)
        }
        I::Env(e) => {
            inst.args = vec![word(&e.arguments, shift)];
            (Kind::Env, &e.env)
        }
        I::Expose(e) => {
            inst.args = e.arguments.iter().map(|w| word(w, shift)).collect();
            (Kind::Expose, &e.expose)
        }
        I::From(f) => {
            inst.flags = flags(&f.options, shift);
            // Split on the raw text, so that every part keeps its exact byte range.
            inst.from = Some(FromInfo {
                image: ImageRef::parse(text, sh(&f.image.span, shift)),
                alias: f
                    .as_
                    .as_ref()
                    .map(|(_, n)| (n.value.to_ascii_lowercase(), sh(&n.span, shift))),
                platform: inst
                    .flags
                    .iter()
                    .find(|fl| fl.name == "platform")
                    .and_then(|fl| fl.value.clone()),
            });
            (Kind::From, &f.from)
        }
        I::Healthcheck(h) => {
            inst.flags = flags(&h.options, shift);
            if let pd::HealthcheckArguments::Cmd { arguments, .. } = &h.arguments {
                inst.form = form(arguments, shift);
            }
            (Kind::Healthcheck, &h.healthcheck)
        }
        I::Label(l) => {
            inst.args = vec![word(&l.arguments, shift)];
            (Kind::Label, &l.label)
        }
        I::Maintainer(m) => {
            inst.args = vec![word(&m.name, shift)];
            (Kind::Maintainer, &m.maintainer)
        }
        I::Onbuild(o) => {
            let Some(mut inner) = convert(&o.instruction, text, shift, inst.index) else {
                return false;
            };
            inner.onbuild = Some(inner.kind);
            inner.kind = Kind::Onbuild;
            inner.keyword = sh(&o.onbuild.span, shift);
            *inst = inner;
            return true;
        }
        I::Run(r) => {
            inst.flags = flags(&r.options, shift);
            inst.form = form(&r.arguments, shift);
            inst.heredocs = heredocs(&r.here_docs, shift);
            (Kind::Run, &r.run)
        }
        I::Shell(s) => {
            inst.args = s.arguments.iter().map(|w| word(w, shift)).collect();
            (Kind::Shell, &s.shell)
        }
        I::Stopsignal(s) => {
            inst.args = vec![word(&s.arguments, shift)];
            (Kind::Stopsignal, &s.stopsignal)
        }
        I::User(u) => {
            inst.args = vec![word(&u.arguments, shift)];
            (Kind::User, &u.user)
        }
        I::Volume(v) => {
            inst.args = match &v.arguments {
                pd::JsonOrStringArray::Json(a) => a.value.iter().map(|w| word(w, shift)).collect(),
                pd::JsonOrStringArray::String(a) => a.iter().map(|w| word(w, shift)).collect(),
            };
            (Kind::Volume, &v.volume)
        }
        I::Workdir(w) => {
            inst.args = vec![word(&w.arguments, shift)];
            (Kind::Workdir, &w.workdir)
        }
        _ => return false,
    };
    inst.kind = kind;
    inst.keyword = sh(&kw.span, shift);
    true
}
