//! `archive-cleanup`: an archive downloaded and unpacked in one RUN is removed at the
//! end of that RUN, when nothing later mentions it.

use serde::Deserialize;

use super::common::{Invocation, basename, cleanup_finding, mentions, shell_quote, shell_run};
use super::{Context, Meta, Transform};
use crate::fix::Finding;
use crate::syntax::Document;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveData {
    pub downloaders: Vec<String>,
    pub curl_output: Vec<String>,
    pub wget_output: Vec<String>,
    pub curl_options_with_value: Vec<String>,
    pub wget_options_with_value: Vec<String>,
    pub extractors: Vec<String>,
    pub archive_suffixes: Vec<String>,
}

data_file!(pub fn archive_data() -> ArchiveData = "archive-cleanup/data.toml");

/// The file a download command writes, if it names one we can find again.
fn downloaded_file(inv: &Invocation<'_>) -> Option<String> {
    let d = archive_data();
    let (output, with_value, remote_name) = match inv.program.as_str() {
        "curl" => (
            &d.curl_output,
            &d.curl_options_with_value,
            inv.args.iter().any(|a| {
                a.value == "-O"
                    || a.value == "--remote-name"
                    || (a.value.starts_with('-')
                        && !a.value.starts_with("--")
                        && a.value.contains('O'))
            }),
        ),
        "wget" => (&d.wget_output, &d.wget_options_with_value, true),
        _ => return None,
    };
    let mut url = None;
    let mut out = None;
    let mut it = inv.args.iter().peekable();
    while let Some(a) = it.next() {
        let v = a.value.as_str();
        if output.iter().any(|o| o == v) {
            out = it.next().map(|w| w.value.clone());
        } else if let Some(o) = output.iter().find_map(|o| v.strip_prefix(&format!("{o}="))) {
            out = Some(o.to_string());
        } else if with_value.iter().any(|o| o == v) {
            it.next();
        } else if v.starts_with("-P") || v.starts_with("--directory-prefix") {
            return None; // output lands in another directory
        } else if !v.starts_with('-') && v.contains("://") {
            url = Some(v.to_string());
        }
    }
    match out {
        Some(o) if o != "-" && o != "/dev/null" => Some(o),
        Some(_) => None,
        None if remote_name => {
            let u = url?;
            let path = u.split(['?', '#']).next()?;
            let name = basename(path);
            (!name.is_empty()).then(|| name.to_string())
        }
        None => None,
    }
}

pub struct ArchiveCleanup;

static ARCHIVE_CLEANUP_META: Meta = Meta::new(
    "archive-cleanup",
    "Remove a downloaded archive in the RUN that unpacked it",
    "safe",
    include_str!("../../transforms/archive-cleanup/README.md"),
)
.local();

impl Transform for ArchiveCleanup {
    fn meta(&self) -> &Meta {
        &ARCHIVE_CLEANUP_META
    }

    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let d = archive_data();
        let needles: Vec<&str> = d.downloaders.iter().map(String::as_str).collect();
        for inst in &doc.instructions {
            if inst.stage.is_none() {
                continue;
            }
            if inst.kind != crate::syntax::Kind::Run || !mentions(doc, inst, &needles) {
                continue;
            }
            let Some(body) = shell_run(doc, inst) else {
                continue;
            };
            let invs: Vec<Invocation<'_>> = body.commands.iter().map(Invocation::of).collect();
            let changes_dir = invs.iter().any(|i| {
                !i.command.isolated && matches!(i.program.as_str(), "cd" | "pushd" | "popd")
            });
            let mut files: Vec<String> = Vec::new();
            for (k, inv) in invs.iter().enumerate() {
                if !d.downloaders.contains(&inv.program) || inv.command.isolated {
                    continue;
                }
                let Some(file) = downloaded_file(inv) else {
                    continue;
                };
                if file.contains('$') || file.contains('*') || files.contains(&file) {
                    continue;
                }
                if !d
                    .archive_suffixes
                    .iter()
                    .any(|s| file.ends_with(s.as_str()))
                {
                    continue;
                }
                // A relative name is found again only if the directory did not change.
                if !file.starts_with('/') && changes_dir {
                    continue;
                }
                let name = basename(&file);
                let later = &invs[k + 1..];
                let unpacked = later.iter().any(|i| {
                    d.extractors.contains(&i.program)
                        && i.args.iter().any(|a| {
                            basename(&a.value) == name || a.value.ends_with(&format!("f{name}"))
                        })
                });
                let removed = later.iter().any(|i| {
                    i.program == "rm"
                        && i.args
                            .iter()
                            .any(|a| basename(&a.value) == name || a.value.contains('*'))
                });
                if !unpacked || removed {
                    continue;
                }
                // Anything after this RUN that mentions the file may use it.
                let rest = &doc.text()[inst.range.end..];
                if rest.contains(name) {
                    continue;
                }
                files.push(file);
            }
            if files.is_empty() {
                continue;
            }
            let quoted: Vec<String> = files.iter().map(|f| shell_quote(f)).collect();
            let message = format!(
                "{} stays in this layer after it was unpacked",
                files.join(", ")
            );
            let rm = format!("rm -f {}", quoted.join(" "));
            out.push(cleanup_finding(
                self.meta().id,
                doc,
                inst,
                body,
                message,
                &rm,
            ));
        }
    }
}
