//! The document model: instructions, stages and RUN shell bodies, all with byte ranges
//! into the original file.

use std::cell::OnceCell;
use std::ops::Range;

use super::image::ImageRef;
use super::scanner::{LossySameLen, RawInstruction, Scan, Segment, scan};
use super::shell::ShellBody;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    From,
    Run,
    Cmd,
    Label,
    Maintainer,
    Expose,
    Env,
    Add,
    Copy,
    Entrypoint,
    Volume,
    User,
    Workdir,
    Arg,
    Onbuild,
    Stopsignal,
    Healthcheck,
    Shell,
    /// An instruction the model does not read: an unknown keyword, or arguments the
    /// instruction parser rejects (BuildKit's line parser accepts them; its build may
    /// not). Its text is left as is, and see [`Document::unread`].
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::From => "FROM",
            Kind::Run => "RUN",
            Kind::Cmd => "CMD",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Expose => "EXPOSE",
            Kind::Env => "ENV",
            Kind::Add => "ADD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Volume => "VOLUME",
            Kind::User => "USER",
            Kind::Workdir => "WORKDIR",
            Kind::Arg => "ARG",
            Kind::Onbuild => "ONBUILD",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Shell => "SHELL",
            Kind::Other => "?",
        }
    }
}

/// `--name[=value]` on an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub range: Range<usize>,
}

/// How the command of `RUN`, `CMD`, `ENTRYPOINT` (or `HEALTHCHECK CMD`) is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// A shell string (escapes preserved), at `range`.
    Shell { range: Range<usize> },
    /// A JSON array.
    Exec {
        args: Vec<String>,
        range: Range<usize>,
    },
    /// Not a command-carrying instruction.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocBody {
    pub body: Range<usize>,
    pub expand: bool,
}

/// A `FROM` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromInfo {
    pub image: ImageRef,
    /// `AS name` (lowercased as BuildKit compares it) and its range.
    pub alias: Option<(String, Range<usize>)>,
    pub platform: Option<String>,
}

/// A word argument (path, key=value, ...), unescaped, with its range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub value: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub index: usize,
    pub kind: Kind,
    /// Index of the segment in the scan.
    pub segment: usize,
    pub range: Range<usize>,
    pub line: usize,
    pub end_line: usize,
    pub keyword: Range<usize>,
    pub flags: Vec<Flag>,
    pub form: Form,
    pub heredocs: Vec<HeredocBody>,
    /// Stage this instruction belongs to; `None` for ARGs before the first FROM.
    pub stage: Option<usize>,
    /// For `ONBUILD X`, the kind of `X`.
    pub onbuild: Option<Kind>,
    pub from: Option<FromInfo>,
    /// COPY/ADD sources, and the destination last.
    pub paths: Vec<Word>,
    /// Plain arguments (ENV/ARG/LABEL text, USER, WORKDIR, EXPOSE ports, SHELL words, ...).
    pub args: Vec<Word>,
}

impl Instruction {
    /// An instruction of `kind` with nothing read yet (no range, arguments or stage).
    pub(crate) fn bare(index: usize, kind: Kind) -> Instruction {
        Instruction {
            index,
            kind,
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
        }
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// Whether this is a `RUN` (not `ONBUILD RUN`).
    pub fn is_run(&self) -> bool {
        self.kind == Kind::Run
    }

    pub fn is_exec_form(&self) -> bool {
        matches!(self.form, Form::Exec { .. })
    }

    /// `COPY --from=x` / `RUN --mount=from=x` style references are resolved by
    /// [`Document::stage_ref`].
    pub fn copy_from(&self) -> Option<&str> {
        self.flag("from").and_then(|f| f.value.as_deref())
    }
}

/// What a stage is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// An earlier stage, by index.
    Stage(usize),
    /// An image from a registry (or `scratch`).
    Image,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction.
    pub from: usize,
    /// Instructions of the stage, FROM included.
    pub instructions: Range<usize>,
    pub alias: Option<String>,
    pub base: Base,
    /// The stage's shell is a POSIX shell (no `SHELL` switched it to PowerShell or cmd).
    pub posix_shell: bool,
    /// Some `SHELL` of the stage (or of the stage it is built on) turns errexit on for
    /// the RUNs after it (`["/bin/bash", "-e", "-c"]`, `-eo pipefail`, `-o errexit`).
    pub shell_errexit: bool,
}

/// What a document has that the model does not read (transforms act only on what is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Every instruction is read.
    Nothing,
    /// Some instructions are not read, but every `FROM` and `SHELL` is: the stage layout
    /// and each stage's shell are known, so a transform that reads only the instruction it
    /// edits can still run.
    Instructions,
    /// A `FROM` or `SHELL` is not read: where stages start, or which shell runs a RUN,
    /// is unknown, so nothing is changed.
    Structure,
}

/// Why a file has no model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// BuildKit itself rejects the file.
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
}

impl ModelError {
    /// The message without its line.
    pub fn message(&self) -> String {
        match self {
            ModelError::Parse { message, .. } => message.clone(),
        }
    }

    pub fn line(&self) -> usize {
        match self {
            ModelError::Parse { line, .. } => *line,
        }
    }
}

/// A parsed Dockerfile.
#[derive(Debug)]
pub struct Document {
    src: Vec<u8>,
    /// `src` as UTF-8, with each invalid byte replaced by `?` (offsets are kept).
    text: String,
    pub scan: Scan,
    pub instructions: Vec<Instruction>,
    pub stages: Vec<Stage>,
    shells: Vec<OnceCell<Option<std::sync::Arc<ShellBody>>>>,
    /// Per instruction: the command effects of its shell body (computed on first request).
    effects: Vec<OnceCell<Option<Vec<crate::effects::Effect>>>>,
    indent: OnceCell<String>,
    /// Per stage: ENV/ARG names it declares, with the first instruction declaring each.
    declared: OnceCell<Vec<std::collections::HashMap<String, usize>>>,
}

impl Document {
    /// Scans and models `src`.
    pub fn parse(src: Vec<u8>) -> Result<Document, ModelError> {
        let scan = scan(&src);
        if let Some(e) = &scan.error {
            return Err(ModelError::Parse {
                line: e.line,
                message: e.message.clone(),
            });
        }
        let text = String::from_utf8_lossy_same_len(&src).into_owned();
        let instructions = super::adapter::instructions(&text, &scan)?;
        let stages = build_stages(&text, &instructions);
        let mut doc = Document {
            shells: (0..instructions.len()).map(|_| OnceCell::new()).collect(),
            effects: (0..instructions.len()).map(|_| OnceCell::new()).collect(),
            indent: OnceCell::new(),
            declared: OnceCell::new(),
            src,
            text,
            scan,
            instructions,
            stages,
        };
        let stage_of: Vec<Option<usize>> = {
            let mut v = vec![None; doc.instructions.len()];
            for s in &doc.stages {
                for i in s.instructions.clone() {
                    v[i] = Some(s.index);
                }
            }
            v
        };
        for (i, inst) in doc.instructions.iter_mut().enumerate() {
            inst.stage = stage_of[i];
        }
        Ok(doc)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.src
    }

    /// The text with invalid UTF-8 bytes shown as `?` (same offsets as [`Self::bytes`]).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original text of `range`, when it is valid UTF-8 (so it can be copied into an edit
    /// without losing bytes).
    pub fn source(&self, range: Range<usize>) -> Option<&str> {
        std::str::from_utf8(self.src.get(range)?).ok()
    }

    pub fn raw(&self, inst: &Instruction) -> &RawInstruction {
        match &self.scan.segments[inst.segment] {
            Segment::Instruction(r) => r,
            _ => unreachable!("instruction segments are built from the scan"),
        }
    }

    /// What the model does not read of this file.
    pub fn unread(&self) -> Unread {
        let mut out = Unread::Nothing;
        for inst in self.instructions.iter().filter(|i| i.kind == Kind::Other) {
            let kw = &self.text[inst.keyword.clone()];
            if kw.eq_ignore_ascii_case("from") || kw.eq_ignore_ascii_case("shell") {
                return Unread::Structure;
            }
            out = Unread::Instructions;
        }
        out
    }

    /// Whether a transform may run on this file: every one when the whole file is read,
    /// only those that read just the instruction they edit (`local`) when some
    /// instructions are not, none when the stage layout is unknown.
    pub fn allows(&self, local: bool) -> bool {
        match self.unread() {
            Unread::Nothing => true,
            Unread::Instructions => local,
            Unread::Structure => false,
        }
    }

    /// What each command of the shell body of instruction `index` does (see
    /// [`crate::effects`]), in the order of [`ShellBody::commands`]; computed once per
    /// document, whichever transform asks first.
    pub fn effects(&self, index: usize) -> Option<&[crate::effects::Effect]> {
        self.effects
            .get(index)?
            .get_or_init(|| self.shell(index).map(crate::effects::of))
            .as_deref()
    }

    /// The parsed shell body of a shell-form `RUN` (parsed on first request).
    pub fn shell(&self, index: usize) -> Option<&ShellBody> {
        let inst = self.instructions.get(index)?;
        self.shells[index]
            .get_or_init(|| {
                let Form::Shell { range } = &inst.form else {
                    return None;
                };
                let posix = inst.stage.is_none_or(|s| self.stages[s].posix_shell);
                if !posix || inst.kind != Kind::Run {
                    return None;
                }
                Some(ShellBody::parse(self, inst, range.start))
            })
            .as_deref()
    }

    /// The stage named by `name` (alias, case-insensitive, or index) as seen from
    /// instruction `at` (only earlier stages can be referenced).
    pub fn stage_ref(&self, name: &str, before_stage: usize) -> Option<usize> {
        stage_ref(&self.stages[..before_stage.min(self.stages.len())], name)
    }

    /// The final stage (the one built when no `--target` is given).
    pub fn final_stage(&self) -> Option<usize> {
        self.stages.len().checked_sub(1)
    }

    /// Stages whose filesystem reaches the final image: the final stage and the chain
    /// of stages it is built `FROM`.
    pub fn shipped_stages(&self) -> Vec<usize> {
        self.final_stage().map_or_else(Vec::new, |s| self.chain(s))
    }

    /// Stage `stage` and the stages it is built `FROM`, itself first (a stage is only
    /// built on an earlier one, so the chain ends).
    pub fn chain(&self, stage: usize) -> Vec<usize> {
        let mut out = vec![stage];
        while let Base::Stage(p) = self.stages[out[out.len() - 1]].base {
            out.push(p);
        }
        out
    }

    /// Stages built `FROM` stage `s`, directly or through other stages.
    pub fn descendants(&self, s: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for st in &self.stages[s + 1..] {
            if let Base::Stage(p) = st.base
                && (p == s || out.contains(&p))
            {
                out.push(st.index);
            }
        }
        out
    }

    /// The indentation of the file's continuation lines (the first one found), or 4
    /// spaces: new continuation lines look like the file's own.
    pub fn continuation_indent(&self) -> &str {
        self.indent.get_or_init(|| {
            for inst in self.scan.instructions() {
                for line in inst.lines.iter().skip(1) {
                    if let super::scanner::LineKind::Code { .. } = line.kind {
                        let text = &self.src[line.range.clone()];
                        let n = text
                            .iter()
                            .take_while(|&&c| c == b' ' || c == b'\t')
                            .count();
                        if n > 0 {
                            return String::from_utf8_lossy(&text[..n]).into_owned();
                        }
                    }
                }
            }
            "    ".to_string()
        })
    }

    /// Whether `ENV` or `ARG` declares `name` in stage `stage` before instruction
    /// `before`, or anywhere in the stages it is built on.
    pub fn declares(&self, stage: usize, before: usize, name: &str) -> bool {
        let declared = self.declared.get_or_init(|| {
            let mut v = vec![std::collections::HashMap::new(); self.stages.len()];
            for inst in &self.instructions {
                let (Some(s), Kind::Env | Kind::Arg) = (inst.stage, inst.kind) else {
                    continue;
                };
                for w in &inst.args {
                    for n in declared_names(&w.value) {
                        v[s].entry(n).or_insert(inst.index);
                    }
                }
            }
            v
        });
        let mut cur = Some(stage);
        while let Some(s) = cur {
            if declared[s]
                .get(name)
                .is_some_and(|&i| s != stage || i < before)
            {
                return true;
            }
            cur = match self.stages[s].base {
                Base::Stage(p) => Some(p),
                Base::Image => None,
            };
        }
        false
    }

    /// Line ending used by most lines of the file.
    pub fn newline(&self) -> &'static str {
        self.scan.newline()
    }

    pub fn escape(&self) -> u8 {
        self.scan.escape
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.src[..offset.min(self.src.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        (line, offset - line_start + 1)
    }
}

/// Names an ENV/ARG text declares: `A=1 B=2`, `A`, or the legacy `A value`.
fn declared_names(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.first().is_some_and(|w| !w.contains('=')) && words.len() > 1 && !words[1].contains('=')
    {
        return vec![words[0].to_string()];
    }
    words
        .iter()
        .map(|w| w.split('=').next().unwrap_or(w).to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

fn stage_ref(stages: &[Stage], name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    if let Some(s) = stages
        .iter()
        .rev()
        .find(|s| s.alias.as_deref() == Some(lower.as_str()))
    {
        return Some(s.index);
    }
    name.parse::<usize>().ok().filter(|&i| i < stages.len())
}

fn build_stages(text: &str, instructions: &[Instruction]) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    for inst in instructions {
        if inst.kind == Kind::From {
            let from = inst.from.as_ref().expect("FROM has from info");
            let image = &text[from.image.range.clone()];
            let base = match stage_ref(&stages, image) {
                Some(p) if !image.chars().all(|c| c.is_ascii_digit()) => Base::Stage(p),
                _ => Base::Image,
            };
            let (posix_shell, shell_errexit) = match base {
                Base::Stage(p) => (stages[p].posix_shell, stages[p].shell_errexit),
                Base::Image => (true, false),
            };
            if let Some(last) = stages.last_mut() {
                last.instructions.end = inst.index;
            }
            stages.push(Stage {
                index: stages.len(),
                from: inst.index,
                instructions: inst.index..instructions.len(),
                alias: from.alias.as_ref().map(|a| a.0.clone()),
                base,
                posix_shell,
                shell_errexit,
            });
        } else if inst.kind == Kind::Shell
            && let Some(stage) = stages.last_mut()
        {
            let exe = inst.args.first().map_or("", |w| w.value.as_str());
            // Any SHELL that is not a POSIX shell marks the whole stage: a RUN before
            // a later `SHELL ["/bin/sh", "-c"]` still ran under it, and the RUNs are
            // not tracked one by one.
            stage.posix_shell &= is_posix_shell(exe);
            let words: Vec<&str> = inst.args.iter().map(|w| w.value.as_str()).collect();
            // Any SHELL with errexit marks the whole stage: a RUN before it or after a
            // later SHELL without it is then judged as relying on errexit too, which
            // only keeps it from being merged.
            stage.shell_errexit |= words.windows(2).any(|w| w == ["-o", "errexit"])
                || words
                    .iter()
                    .skip(1)
                    .any(|w| w.starts_with('-') && !w.starts_with("--") && w[1..].contains('e'));
        }
    }
    stages
}

/// Whether a `SHELL` executable runs POSIX shell syntax.
pub fn is_posix_shell(exe: &str) -> bool {
    let base = exe.rsplit(['/', '\\']).next().unwrap_or(exe);
    let base = base
        .strip_suffix(".exe")
        .unwrap_or(base)
        .to_ascii_lowercase();
    matches!(
        base.as_str(),
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh"
    )
}
