//! `slim-base`: the image a shipped stage starts from becomes its `-slim` variant (or,
//! with `prefer = "alpine"`, its alpine variant), when nothing in the shipped stages
//! needs what only the full image has.

use serde::Deserialize;
use std::collections::BTreeMap;

use super::apt::decides_recommends;
use super::common::shell_run;
use super::entry::{command_line, context_source, entry_reading, programs_in};
use super::split_stages::{Missing, reads_elsewhere};
use super::{Context, Meta, Transform};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Base, Document, ImageRef, Instruction, Kind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Images {
    pub distros: Vec<String>,
    pub families: Vec<Family>,
    pub advice: Vec<Advice>,
    pub lacks: BTreeMap<String, String>,
    pub excludes: Excludes,
}

/// What the slim images' dpkg configuration leaves out of every package.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Excludes {
    pub exclude: Vec<String>,
    pub include: Vec<String>,
}

impl Excludes {
    /// Whether `path` (a word of a command) lies where the slim image has no files.
    fn excluded(&self, path: &str) -> bool {
        let m = |pat: &String| {
            super::common::glob(pat, path)
                || pat
                    .strip_suffix("/*")
                    .is_some_and(|dir| path.strip_suffix('/').unwrap_or(path) == dir)
        };
        self.exclude.iter().any(m) && !self.include.iter().any(m)
    }

    /// Whether `word` names a path the slim image leaves out, as a whole word, in a
    /// longer one (`$D/bash` after `D=/usr/share/doc`, `--docdir=/usr/share/doc/x`),
    /// or as the folder holding the left-out folders (`tar -C /usr/share ... man`).
    pub(crate) fn named_in(&self, word: &str) -> bool {
        let word = word.trim_matches(['"', '\'']);
        if self.excluded(word) {
            return true;
        }
        let parent = |pat: &String| {
            let dir = pat.split("/*").next().unwrap_or(pat);
            dir.rsplit_once('/').map(|(p, _)| p.to_string())
        };
        word.match_indices('/').any(|(i, _)| {
            let tail = &word[i..];
            let path: String = tail
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | ';' | ',' | '"' | '\''))
                .collect();
            self.excluded(&path)
                || self
                    .exclude
                    .iter()
                    .filter_map(parent)
                    .any(|p| p.len() > 4 && path.trim_end_matches('/') == p)
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub names: Vec<String>,
    pub slim: Placement,
    pub bare: String,
    pub alpine: bool,
    #[serde(default)]
    pub becomes: Option<String>,
    pub full_has: String,
    pub tool_check: bool,
    /// Whole tags that are names, not versions, and have a slim variant (`lts`, `stable`).
    #[serde(default)]
    pub words: Vec<String>,
    /// Programs this family's slim images lack besides `[lacks]`, with their package.
    #[serde(default)]
    pub lacks_also: BTreeMap<String, String>,
    /// A package a lacking program also needs on this family's slim image, which the
    /// full image had (node's curl needs ca-certificates for https): installed by the
    /// stage, or pulled in as a recommendation.
    #[serde(default)]
    pub needs_with: BTreeMap<String, String>,
}

impl Family {
    /// The package of a program the full image has and this family's slim image lacks.
    pub fn lacks(&self, program: &str) -> Option<&str> {
        images()
            .lacks
            .get(program)
            .or_else(|| self.lacks_also.get(program))
            .map(String::as_str)
    }
}

/// The package of a program the full `image` (a Docker Hub name) has and its slim
/// variant lacks (`[lacks]`, and the family's `lacks_also`); the shared table for an
/// image of no family.
pub fn slim_lacks(image: &str, program: &str) -> Option<&'static str> {
    match family_of(image) {
        Some(f) => f.lacks(program),
        None => images().lacks.get(program).map(String::as_str),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    BeforeDistro,
    AfterDistro,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    pub names: Vec<String>,
    pub message: String,
}

data_file!(pub fn images() -> Images = "slim-base/images.toml");

/// Splits a tag into (version, distro); None when it already names a variant
/// (slim, alpine, windows, ...).
fn split_tag<'t>(tag: &'t str, distros: &[String], words: &[String]) -> Option<(&'t str, &'t str)> {
    if tag.is_empty() || tag == "latest" {
        return Some(("", ""));
    }
    let variant = tag.split('-').any(|t| {
        t == "slim"
            || t.starts_with("alpine")
            || t.starts_with("windowsservercore")
            || t.starts_with("nanoserver")
            || t == "distroless"
    });
    if variant {
        return None;
    }
    // A version (`3.11`, `20.11.1`, `bookworm-20240101`) or one of the family's names
    // (`lts`, `stable`); any other word (`threaded`, whose slim tag is
    // `slim-threaded`; `experimental`, which has none) names a variant whose slim tag
    // is not certain.
    let version = |v: &str| {
        words.iter().any(|w| w == v)
            || v.split('-').all(|w| {
                w.starts_with(|c: char| c.is_ascii_digit()) || distros.iter().any(|d| d == w)
            })
    };
    match tag.rsplit_once('-') {
        Some((v, d)) if distros.iter().any(|x| x == d) => version(v).then_some((v, d)),
        // A suffix we do not know (`-wheezy`, `-onbuild`, `-rc`): no tag is certain.
        Some((_, d)) if d.starts_with(|c: char| c.is_ascii_alphabetic()) => None,
        _ if distros.iter().any(|x| x == tag) => Some(("", tag)),
        _ if version(tag) => Some((tag, "")),
        _ => None,
    }
}

/// The slim (or alpine) tag for `tag` in `family`.
pub fn smaller_tag(tag: &str, family: &Family, alpine: bool) -> Option<String> {
    let (version, distro) = split_tag(tag, &images().distros, &family.words)?;
    if alpine {
        if !family.alpine {
            return None;
        }
        return Some(if version.is_empty() {
            "alpine".to_string()
        } else {
            format!("{version}-alpine")
        });
    }
    if version.is_empty() && distro.is_empty() {
        return Some(family.bare.clone());
    }
    let parts: Vec<&str> = match family.slim {
        Placement::BeforeDistro => vec![version, "slim", distro],
        Placement::AfterDistro => vec![version, distro, "slim"],
    };
    Some(
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

/// A Docker tag: empty, or `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn valid_tag(tag: &str) -> bool {
    tag.is_empty()
        || (tag.len() <= 128
            && tag
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
}

fn family_of(name: &str) -> Option<&'static Family> {
    images()
        .families
        .iter()
        .find(|f| f.names.iter().any(|n| n == name))
}

pub struct SlimBase;

/// What keeps a shipped stage on the full image, if anything: a RUN that cannot be
/// read, one that runs a program only the full image has (unless the stage installs
/// its package first), one that compiles native code, or one that reads files the slim
/// image's dpkg configuration leaves out (documentation, manual pages, locales).
fn blocker(
    doc: &Document,
    ctx: &Context,
    stages: &[usize],
    family: &Family,
    name: &str,
    alpine: bool,
) -> Option<String> {
    let variant = if alpine { "alpine" } else { "slim" };
    let d = images();
    let tools = family.tool_check;
    let mut installed: Vec<String> = Vec::new();
    // Packages installed with their recommendations.
    let mut recommending: Vec<String> = Vec::new();
    // The swapped image is also the base of every stage built on the root of the
    // shipped chain: a builder among them would build on the slim image too.
    if let Some(&root) = stages.last()
        && let Some(&other) = doc.descendants(root).iter().find(|s| !stages.contains(s))
    {
        return Some(format!(
            "the stage at line {} is built on it too, and would build on the slim image",
            doc.instructions[doc.stages[other].from].line
        ));
    }
    for &s in stages.iter().rev() {
        for inst in &doc.instructions[doc.stages[s].instructions.clone()] {
            // Files made in another stage or image (a virtualenv, node_modules, a
            // binary) may link libraries only the full image has; nothing here shows
            // which. (debian and its slim variant have the same packages.)
            if tools && matches!(inst.kind, Kind::Copy | Kind::Add) && inst.copy_from().is_some() {
                return Some(format!(
                    "line {} copies files made elsewhere, which may link libraries only the full image has",
                    inst.line
                ));
            }
            if tools
                && matches!(inst.kind, Kind::Copy | Kind::Add)
                && let Some(f) = native_in_context(ctx, inst)
            {
                return Some(format!(
                    "line {} copies native code from the build context (`{f}`), which may link libraries only the full image has",
                    inst.line
                ));
            }
            // A variable naming a left-out path, used later (`ENV DOCS=/usr/share/doc`).
            if matches!(inst.kind, Kind::Env | Kind::Arg)
                && d.excludes.named_in(&doc.text()[inst.range.clone()])
            {
                return Some(format!(
                    "line {} names a path the slim image leaves out (its dpkg configuration excludes documentation, manual pages and locales)",
                    inst.line
                ));
            }
            if inst.kind == Kind::Healthcheck && tools {
                let cmd = command_line(doc, inst).unwrap_or_default();
                if let Some((tool, u)) = programs_in(&cmd).iter().find_map(|p| {
                    unmet(family, &installed, &recommending, p).map(|u| (p.clone(), u))
                }) {
                    return Some(format!(
                        "the HEALTHCHECK at line {} runs `{tool}`{}",
                        inst.line,
                        u.describe()
                    ));
                }
            }
            if inst.kind != Kind::Run && inst.onbuild != Some(Kind::Run) {
                continue;
            }
            let Some(body) = shell_run(doc, inst) else {
                // A RUN (or an ONBUILD RUN, run by the images built on this one) we
                // cannot read may use anything.
                return Some(format!(
                    "the RUN at line {} cannot be read as shell",
                    inst.line
                ));
            };
            for e in doc.effects(inst.index).unwrap_or_default() {
                if let Some(i) = &e.install {
                    if i.manager == "apt" {
                        installed.extend(i.packages.iter().cloned());
                        // Recommended packages come too, unless told not to.
                        let no_recommends = decides_recommends(&body.commands[e.command].args)
                            || doc.text().contains("Install-Recommends");
                        if !no_recommends {
                            recommending.extend(i.packages.iter().cloned());
                        }
                    }
                    if !tools {
                        continue;
                    }
                }
                // A word naming a left-out path: fine only where the command is known
                // to remove it (`rm -rf /usr/share/doc/*`).
                let c = &body.commands[e.command];
                let words = c
                    .args
                    .iter()
                    .chain(c.redirects.iter().map(|r| &r.target))
                    .map(|w| w.value.as_str())
                    .chain(c.assignments.iter().map(String::as_str));
                if let Some(w) = words.into_iter().find(|w| {
                    d.excludes.named_in(w)
                        && !(e.known
                            && e.removes.iter().any(|r| r == w)
                            && !e.reads.iter().chain(&e.writes).any(|r| r == w))
                }) {
                    return Some(format!(
                        "line {} uses `{w}`, which the slim image leaves out (its dpkg configuration excludes documentation, manual pages and locales)",
                        inst.line
                    ));
                }
                if !tools {
                    continue;
                }
                if let Some(u) = unmet(family, &installed, &recommending, &e.program) {
                    return Some(format!(
                        "line {} runs `{}`{}",
                        inst.line,
                        e.program,
                        u.describe()
                    ));
                }
                if e.compiles {
                    return Some(format!(
                        "line {} runs `{}`, which may compile native code the slim image has no compiler for; consider building in a separate stage",
                        inst.line,
                        command_words(c)
                    ));
                }
                // What it reads or links to, where the full image has more than the
                // slim one (buildpack-deps' -dev packages, tools and their files).
                let keys = if alpine {
                    vec![name]
                } else {
                    vec!["debian", name]
                };
                let missing = match reads_elsewhere(doc, Some(&keys), inst, e) {
                    Ok(()) => None,
                    Err(Missing::Unknown(p)) => Some(format!("`{p}`, a path not known in full")),
                    Err(Missing::Read(p)) => {
                        Some(format!("`{p}`, which the {variant} image may lack"))
                    }
                    Err(Missing::Link(p)) => Some(format!(
                        "`{p}` by a link, which would dangle where the {variant} image lacks it"
                    )),
                };
                if let Some(m) = missing {
                    return Some(format!("line {} needs {m}", inst.line));
                }
                // A program without facts may need anything the full image has (a
                // compiler behind `pip3.11 install`, gnupg behind `apt-key`).
                if !e.known && !e.program.is_empty() && !e.runs_script {
                    return Some(format!(
                        "line {} runs `{}`, a program whose needs dockerlean does not know",
                        inst.line, e.program
                    ));
                }
                // A script it does not read, or commands its arguments give (`sh -c`,
                // `eval`, `find -exec`): what they run is known only when the facts
                // name each program, and then each must be one the slim image has.
                if e.runs_script {
                    return Some(format!(
                        "line {} runs a script dockerlean does not read (`{}`)",
                        inst.line,
                        command_words(c)
                    ));
                }
                if e.runs_commands {
                    let lacking = e
                        .runs
                        .iter()
                        .find(|p| unmet(family, &installed, &recommending, p).is_some());
                    if e.runs.is_empty() || lacking.is_some() {
                        return Some(format!(
                            "line {} runs commands its arguments give (`{}`){}",
                            inst.line,
                            command_words(c),
                            lacking.map_or(String::new(), |p| format!(
                                ", among them `{p}`, which the slim image lacks"
                            ))
                        ));
                    }
                }
            }
        }
    }
    // What the image runs when it starts: CMD and ENTRYPOINT, the package.json scripts
    // and the build context's shell scripts they run (as split-stages reads them).
    if tools {
        let missing = |p: &str| unmet(family, &installed, &recommending, p).is_some();
        let why = |p: &str| {
            unmet(family, &installed, &recommending, p)
                .map(|u| u.describe())
                .unwrap_or_default()
        };
        if let Some(why) = entry_reading(doc, ctx, &missing).blocker(&why) {
            return Some(why);
        }
    }
    None
}

/// What a program the full image has still needs on the slim one, given what the
/// stage installs: its package, or (`needs_with`) a package it needs besides that the
/// full image had and its recommendations did not bring.
enum Unmet<'f> {
    Package(&'f str),
    With { package: &'f str, need: &'f str },
}

impl Unmet<'_> {
    /// The end of a message about the program that needs it.
    fn describe(&self) -> String {
        match self {
            Unmet::Package(p) => format!(", which the slim image lacks (install `{p}` first)"),
            Unmet::With { package, need } => format!(
                ", which on the slim image also needs `{need}` (the full image has it; install it with `{package}`)"
            ),
        }
    }
}

fn unmet<'f>(
    family: &'f Family,
    installed: &[String],
    recommending: &[String],
    program: &str,
) -> Option<Unmet<'f>> {
    let package = family.lacks(program)?;
    let has = |p: &str| installed.iter().any(|i| i == p);
    if !has(package) {
        return Some(Unmet::Package(package));
    }
    let need = family.needs_with.get(program)?;
    (!has(need) && !recommending.iter().any(|r| r == package)).then_some(Unmet::With {
        package,
        need: need.as_str(),
    })
}

/// The first file a COPY or ADD takes from the build context that is native code (an
/// ELF file, or named as a shared object or Node addon), by its path in the context.
/// Nothing when the context is not known: then only the Dockerfile is read.
fn native_in_context(ctx: &Context, inst: &Instruction) -> Option<String> {
    let dir = ctx.build_context.as_deref()?;
    let (_, srcs) = inst.paths.split_last()?;
    let native = |p: &std::path::Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        name.ends_with(".so")
            || name.contains(".so.")
            || name.ends_with(".node")
            || std::fs::File::open(p).is_ok_and(|mut f| {
                let mut magic = [0u8; 4];
                std::io::Read::read_exact(&mut f, &mut magic).is_ok() && magic == *b"\x7fELF"
            })
    };
    for src in srcs {
        let Some(root) = context_source(ctx, inst, &src.value) else {
            continue;
        };
        let found = ignore::WalkBuilder::new(&root)
            .standard_filters(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build()
            .flatten()
            .take(20_000)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .find(|e| native(e.path()));
        if let Some(e) = found {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            return Some(rel.display().to_string());
        }
    }
    None
}

/// How many times `text` expands the variable `name` (`$NAME`, `${NAME}`,
/// `${NAME:-x}`, ...): a `$` then the name, braced or not, not followed by more of a
/// longer name.
fn variable_uses(text: &str, name: &str) -> usize {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    text.match_indices('$')
        .filter(|(i, _)| {
            let rest = &text[i + 1..];
            let rest = rest.strip_prefix('{').unwrap_or(rest);
            rest.starts_with(name)
                && !rest.as_bytes().get(name.len()).copied().is_some_and(ident)
                && (*i == 0 || b[i - 1] != b'\\')
        })
        .count()
}

/// The first words of a command, for a message (`python setup.py build_ext`).
fn command_words(c: &crate::syntax::shell::Command) -> String {
    std::iter::once(c.name.as_str())
        .chain(c.args.iter().map(|a| a.value.as_str()))
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the shipped stages install anything with apt or dpkg (alpine has neither).
fn uses_apt(doc: &Document, stages: &[usize]) -> bool {
    stages.iter().any(|&s| {
        doc.instructions[doc.stages[s].instructions.clone()]
            .iter()
            .filter(|i| shell_run(doc, i).is_some())
            .filter_map(|i| doc.effects(i.index))
            .flatten()
            .any(|e| matches!(e.manager.as_deref(), Some("apt" | "dpkg")))
    })
}

/// The global `ARG NAME=default` before the first FROM that a `${NAME}` tag refers to,
/// with the range of its default value.
fn global_arg<'d>(
    doc: &'d Document,
    name: &str,
) -> Option<(&'d Instruction, std::ops::Range<usize>)> {
    let inst = doc
        .instructions
        .iter()
        .take_while(|i| i.kind != Kind::From)
        .filter(|i| i.kind == Kind::Arg)
        .find(|i| {
            i.args
                .first()
                .is_some_and(|w| w.value.split('=').next() == Some(name))
        })?;
    let w = inst.args.first()?;
    let text = &doc.text()[w.range.clone()];
    let eq = text.find('=')?;
    let value = &text[eq + 1..];
    // Only a plain literal default (no quotes, no variables) can be edited with certainty.
    if value.is_empty() || !valid_tag(value) {
        return None;
    }
    Some((inst, w.range.start + eq + 1..w.range.end))
}

static SLIM_BASE_META: Meta = Meta::new(
    "slim-base",
    "Ship on the -slim (or alpine) variant of the base image when nothing needs the full one",
    "unsafe",
    include_str!("../../transforms/slim-base/README.md"),
)
.options(check_slim_base_options)
.reads_context();

/// `[transform.slim-base]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default)]
    prefer: Prefer,
}

/// The variant slim-base proposes.
#[derive(Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Prefer {
    #[default]
    Slim,
    Alpine,
}

fn check_slim_base_options(options: &toml::Table) -> Result<(), String> {
    super::check_typed::<Options>(options)
}

impl Transform for SlimBase {
    fn meta(&self) -> &Meta {
        &SLIM_BASE_META
    }

    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        let alpine = ctx.options::<Options>().prefer == Prefer::Alpine;
        let shipped = doc.shipped_stages();
        // The stage at the root of the shipped chain starts from an image.
        let Some(&root) = shipped.last() else { return };
        let stage = &doc.stages[root];
        if stage.base != Base::Image {
            return;
        }
        let from = &doc.instructions[stage.from];
        let Some(info) = &from.from else { return };
        let image = &info.image;
        let text = doc.text();
        let registry = image.registry.as_ref().map(|r| &text[r.clone()]);
        if !matches!(registry, None | Some("docker.io" | "index.docker.io")) {
            return;
        }
        let name = image.hub_name(text);
        if let Some(a) = images()
            .advice
            .iter()
            .find(|a| a.names.iter().any(|n| n == name))
        {
            out.push(Finding::new(
                self.meta().id,
                image.range.clone(),
                a.message.clone(),
            ));
            return;
        }
        let Some(family) = family_of(name) else {
            return;
        };
        let shown = &text[image.range.clone()];
        let tag = image.tag.as_ref().map_or("", |t| &text[t.clone()]);
        // Only tags of the registry grammar `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}` (or a
        // lone build argument) are rewritten; anything else is not a tag we can extend.
        if !image.has_variable && !valid_tag(tag) {
            return;
        }
        let variant = if alpine { "alpine" } else { "slim" };
        if image.digest.is_some() {
            out.push(Finding::new(
                self.meta().id,
                image.range.clone(),
                format!("{shown} is pinned by digest; the {variant} variant has its own digest, so change the tag and the digest together"),
            ));
            return;
        }
        if alpine && uses_apt(doc, &shipped) {
            out.push(Finding::new(
                self.meta().id,
                image.range.clone(),
                format!("{shown}: the shipped stages install with apt, which alpine does not have; prefer the slim variant here"),
            ));
            return;
        }
        let blocked = blocker(doc, ctx, &shipped, family, name, alpine);
        if let Some(why) = blocked {
            if family.becomes.is_some()
                || split_tag(tag, &images().distros, &family.words).is_some()
            {
                out.push(Finding::new(
                    self.meta().id,
                    image.range.clone(),
                    format!("{shown} could ship on its {variant} variant, but {why}"),
                ));
            }
            return;
        }
        let musl = if alpine {
            " (alpine uses musl, not glibc: prebuilt binaries and wheels may not run)"
        } else {
            ""
        };
        // A tag made of one ARG: change the ARG's default when that is certain.
        if image.has_variable {
            let var = tag
                .strip_prefix("${")
                .and_then(|t| t.strip_suffix('}'))
                .or_else(|| tag.strip_prefix('$'))
                .filter(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            let found = var.and_then(|v| global_arg(doc, v).map(|a| (v, a)));
            let Some((var, (arg, value))) = found else {
                out.push(Finding::new(
                    self.meta().id,
                    image.range.clone(),
                    format!("{shown} uses build arguments; its {variant} variant cannot be named with certainty"),
                ));
                return;
            };
            // The ARG must feed this FROM alone: every `$NAME` and `${NAME...}` (a
            // default or other operator included) counts.
            let uses = variable_uses(text, var);
            let old = &text[value.clone()];
            match smaller_tag(old, family, alpine) {
                Some(new) if uses == 1 && !image.text_has_name_variable(text) => {
                    out.push(
                        Finding::new(
                            self.meta().id,
                            image.range.clone(),
                            format!("{}:{old} ships {} a running app rarely needs; the default of ARG {var} (line {}) becomes {new}{musl}", &text[image.repository.clone()], family.full_has, arg.line),
                        )
                        .with_fix(Fix::unsafe_(vec![Edit::replace(value, new)])),
                    );
                }
                _ => out.push(Finding::new(
                    self.meta().id,
                    image.range.clone(),
                    format!("{shown}: ARG {var} is used elsewhere too; set its {variant} variant by hand"),
                )),
            }
            return;
        }
        // buildpack-deps tags name a flavour (`bookworm-curl`), handled below.
        let new_tag = match family.becomes {
            Some(_) => String::new(),
            None => match smaller_tag(tag, family, alpine) {
                Some(t) => t,
                None => return,
            },
        };
        let mut edits = Vec::new();
        if let Some(becomes) = &family.becomes {
            // buildpack-deps:<distro>[-curl|-scm] -> debian:<distro>-slim
            let distro = tag.split('-').next().unwrap_or("");
            if !images().distros.iter().any(|d| d == distro) {
                return;
            }
            edits.push(Edit::replace(
                image.repository.start..image.range.end,
                format!("{becomes}:{distro}-slim"),
            ));
        } else {
            match &image.tag {
                Some(t) => edits.push(Edit::replace(t.clone(), new_tag.clone())),
                None => edits.push(Edit::insert(image.name.end, format!(":{new_tag}"))),
            }
        }
        out.push(
            Finding::new(
                self.meta().id,
                image.range.clone(),
                format!("{shown} ships {} a running app rarely needs; its {variant} variant is smaller{musl}", family.full_has),
            )
            .with_fix(Fix::unsafe_(edits)),
        );
    }
}

impl ImageRef {
    /// Whether the repository part (not only the tag) holds a variable.
    fn text_has_name_variable(&self, text: &str) -> bool {
        text[self.repository.clone()].contains('$')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slim(name: &str, tag: &str) -> Option<String> {
        smaller_tag(tag, family_of(name).unwrap(), false)
    }

    #[test]
    fn every_expansion_of_a_variable_counts() {
        let t = "ARG PY=3.11\nFROM python:${PY}\nARG PY\nRUN echo ${PY:-x} $PY $PYX ${PYX} \\$PY\n";
        assert_eq!(variable_uses(t, "PY"), 3);
        assert_eq!(variable_uses(t, "PYX"), 2);
    }

    #[test]
    fn left_out_paths_in_longer_words() {
        let e = &images().excludes;
        assert!(e.named_in("/usr/share/doc/bash"));
        assert!(e.named_in("D=/usr/share/doc"));
        assert!(e.named_in("--docdir=/usr/share/man/man1"));
        assert!(e.named_in("/usr/share"));
        assert!(e.named_in("ENV DOCS=/usr/share/locale"));
        assert!(!e.named_in("/usr/share/doc/bash/copyright"));
        assert!(!e.named_in("/usr/share/zoneinfo/UTC"));
        assert!(!e.named_in("/usr"));
        assert!(!e.named_in("/"));
        assert!(!e.named_in("/usr/share/nginx/html"));
    }

    #[test]
    fn tags_with_words_that_are_not_versions() {
        assert_eq!(slim("perl", "5.38-threaded-bookworm"), None);
        assert_eq!(slim("perl", "threaded"), None);
        assert_eq!(slim("debian", "experimental"), None);
        assert_eq!(slim("debian", "sid").as_deref(), Some("sid-slim"));
        assert_eq!(
            slim("debian", "bookworm-20240101").as_deref(),
            Some("bookworm-20240101-slim")
        );
        assert_eq!(slim("node", "iron").as_deref(), Some("iron-slim"));
        assert_eq!(slim("python", "3.12.1").as_deref(), Some("3.12.1-slim"));
    }

    #[test]
    fn tag_shapes() {
        assert_eq!(
            slim("python", "3.11.9-bookworm").as_deref(),
            Some("3.11.9-slim-bookworm")
        );
        assert_eq!(slim("python", "3.11").as_deref(), Some("3.11-slim"));
        assert_eq!(slim("python", "").as_deref(), Some("slim"));
        assert_eq!(slim("python", "latest").as_deref(), Some("slim"));
        assert_eq!(slim("python", "bookworm").as_deref(), Some("slim-bookworm"));
        assert_eq!(
            slim("node", "20-bookworm").as_deref(),
            Some("20-bookworm-slim")
        );
        assert_eq!(slim("node", "20").as_deref(), Some("20-slim"));
        assert_eq!(slim("node", "lts").as_deref(), Some("lts-slim"));
        assert_eq!(slim("debian", "bookworm").as_deref(), Some("bookworm-slim"));
        assert_eq!(slim("debian", "12").as_deref(), Some("12-slim"));
        assert_eq!(slim("debian", "").as_deref(), Some("stable-slim"));
        assert_eq!(
            slim("ruby", "3.3-bullseye").as_deref(),
            Some("3.3-slim-bullseye")
        );
        assert_eq!(slim("python", "3.11-slim"), None);
        assert_eq!(
            slim("python", "3.6-jessie").as_deref(),
            Some("3.6-slim-jessie")
        );
        assert_eq!(slim("python", "2.7-wheezy"), None);
        assert_eq!(slim("python", "3.6-onbuild"), None);
        assert_eq!(slim("python", "3.12-alpine3.19"), None);
        assert_eq!(slim("node", "20-bookworm-slim"), None);
        assert_eq!(
            smaller_tag("3.11-bookworm", family_of("python").unwrap(), true).as_deref(),
            Some("3.11-alpine")
        );
        assert_eq!(
            smaller_tag("bookworm", family_of("debian").unwrap(), true),
            None
        );
    }
}
