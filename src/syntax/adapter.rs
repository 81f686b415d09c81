//! The only user of the `parse-dockerfile` crate: turns its instructions into the model's,
//! and checks them against the line scanner.

use std::ops::Range;

use parse_dockerfile as pd;

use super::image::ImageRef;
use super::model::{Flag, Form, FromInfo, HeredocBody, Instruction, Kind, ModelError, Word};
use super::scanner::{Scan, Segment};

/// Builds the model's instructions from the crate's parse of `text`, checking that the
/// crate and the scanner see the same instructions at the same offsets.
pub fn instructions(text: &str, scan: &Scan) -> Result<Vec<Instruction>, ModelError> {
    // The crate drops a BOM before parsing; its offsets start after it.
    let shift = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let raw: Vec<(usize, &super::scanner::RawInstruction)> = scan
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Segment::Instruction(r) => Some((i, r)),
            _ => None,
        })
        .collect();
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;

    // The crate rejects `CMD []` and `ENTRYPOINT []`, which BuildKit accepts (they reset
    // the command). It is shown a same-length stand-in (`""`), and the model records
    // the empty exec form.
    let mut empty_exec = Vec::new();
    for (_, r) in &raw {
        let kw = r.keyword_text();
        if (kw.eq_ignore_ascii_case("cmd") || kw.eq_ignore_ascii_case("entrypoint"))
            && r.logical[kw.len()..].trim() == "[]"
        {
            let at = r.logical.find("[]").map(|p| r.file_offset(p));
            if let Some(at) = at.filter(|&a| text.get(a..a + 2) == Some("[]")) {
                empty_exec.push(at);
            }
        }
    }
    let patched;
    let crate_text = if empty_exec.is_empty() {
        text
    } else {
        let mut b = text.as_bytes().to_vec();
        for &at in &empty_exec {
            b[at..at + 2].copy_from_slice(b"\"\"");
        }
        patched = String::from_utf8(b).expect("ASCII replaced by ASCII");
        patched.as_str()
    };
    let iter = pd::parse_iter(crate_text).map_err(|e| crate_error(&e))?;
    let mut out = Vec::with_capacity(raw.len());
    for item in iter {
        let parsed = match item {
            Ok(p) => p,
            // A stage-less file is reported by the model, not as a crate failure.
            Err(e) if e.to_string().contains("expected at least one FROM") => break,
            Err(e) => return Err(crate_error(&e)),
        };
        let index = out.len();
        let Some(mut inst) = convert(&parsed, crate_text, shift, index) else {
            return Err(ModelError::Disagree {
                line: raw.get(index).map_or(1, |r| r.1.line),
                message: "an instruction kind this version does not know".into(),
            });
        };
        let Some(&(segment, r)) = raw.get(index) else {
            return Err(ModelError::Disagree {
                line: line_of(inst.keyword.start),
                message: "the instruction parser found an instruction the line scanner did not"
                    .into(),
            });
        };
        if r.keyword.start != inst.keyword.start {
            return Err(ModelError::Disagree {
                line: r.line,
                message: format!(
                    "instruction parser and line scanner disagree on where `{}` starts",
                    &text[r.keyword.clone()]
                ),
            });
        }
        if inst.heredocs.len() != r.heredocs.len() {
            return Err(ModelError::Disagree {
                line: r.line,
                message: "instruction parser and line scanner disagree on heredocs".into(),
            });
        }
        if let Some(&at) = empty_exec.iter().find(|&&a| r.range.contains(&a)) {
            inst.form = Form::Exec {
                args: Vec::new(),
                range: at..at + 2,
            };
        }
        inst.segment = segment;
        inst.range = r.range.clone();
        inst.line = r.line;
        inst.end_line = r.end_line;
        out.push(inst);
    }
    if out.len() != raw.len() {
        let r = raw[out.len().min(raw.len() - 1)].1;
        return Err(ModelError::Disagree {
            line: r.line,
            message: format!(
                "the line scanner found {} instructions, the instruction parser {}",
                raw.len(),
                out.len()
            ),
        });
    }
    if !out.iter().any(|i| i.kind == Kind::From) {
        return Err(ModelError::Parse {
            line: out.first().map_or(1, |i| i.line),
            message: "no FROM instruction: the file defines no build stage".into(),
        });
    }
    Ok(out)
}

fn crate_error(e: &pd::Error) -> ModelError {
    let msg = e.to_string();
    // The crate's message repeats the position; keep its first line.
    let first = msg.lines().next().unwrap_or(&msg).trim().to_string();
    ModelError::Parse {
        line: e.line(),
        message: first,
    }
}

fn sh(r: &Range<usize>, shift: usize) -> Range<usize> {
    r.start + shift..r.end + shift
}

fn word(s: &pd::UnescapedString<'_>, shift: usize) -> Word {
    Word {
        value: s.value.to_string(),
        range: sh(&s.span, shift),
    }
}

fn flags<'a, 'b: 'a>(opts: impl IntoIterator<Item = &'a pd::Flag<'b>>, shift: usize) -> Vec<Flag> {
    opts.into_iter()
        .map(|f| Flag {
            name: f.name.value.to_ascii_lowercase(),
            value: f.value.as_ref().map(|v| v.value.to_string()),
            range: sh(&f.span(), shift),
        })
        .collect()
}

fn form(c: &pd::Command<'_>, shift: usize) -> Form {
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

fn heredocs(h: &[pd::HereDoc<'_>], shift: usize) -> Vec<HeredocBody> {
    h.iter()
        .map(|d| HeredocBody {
            body: sh(&d.span, shift),
            expand: d.expand,
        })
        .collect()
}

fn paths(src: &[pd::Source<'_>], dest: &pd::UnescapedString<'_>, shift: usize) -> Vec<Word> {
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

fn convert(p: &pd::Instruction<'_>, text: &str, shift: usize, index: usize) -> Option<Instruction> {
    let mut inst = Instruction {
        index,
        kind: Kind::Run,
        segment: 0,
        range: 0..0,
        line: 0,
        end_line: 0,
        keyword: 0..0,
        flags: Vec::new(),
        form: Form::None,
        heredocs: Vec::new(),
        stage: None,
        onbuild: None,
        from: None,
        paths: Vec::new(),
        args: Vec::new(),
    };
    fill(&mut inst, p, text, shift).then_some(inst)
}

/// Fills `inst` from the crate's instruction; false for a kind this model does not know.
fn fill(inst: &mut Instruction, p: &pd::Instruction<'_>, text: &str, shift: usize) -> bool {
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
