//! Python: pip installs go to a user base the runtime takes as its own /usr/local.

use super::*;

/// The Python installs up to the last build must all be pip's (pip alone honours
/// `PIP_USER`), must not create their own environment, and must not upgrade what the
/// runtime image already ships in /usr/local (pip, setuptools, wheel): copied over
/// the runtime's own files, two versions of one package would mix.
pub(super) fn python_installs(doc: &Document, stack: Stack, last_build: usize) -> Sure<()> {
    let data = stacks();
    for inst in &doc.instructions[..=last_build] {
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        for (c, e) in body
            .commands
            .iter()
            .zip(doc.effects(inst.index).unwrap_or_default())
        {
            let inv = Invocation::of(c);
            if matches!(e.program.as_str(), "venv" | "virtualenv") {
                return unsure(format!(
                    "line {} creates a virtualenv of its own",
                    inst.line
                ));
            }
            if !is_build(stack, &inv) {
                continue;
            }
            let Some(install) = e.install.as_ref().filter(|i| i.manager == "pip") else {
                return unsure(format!(
                    "line {} installs with `{}`; only pip installs can be moved into the runtime's /usr/local",
                    inst.line, e.program
                ));
            };
            if let Some(p) = install.packages.iter().find(|p| {
                let name = p
                    .split(['=', '<', '>', '~', '!', '[', ' '])
                    .next()
                    .unwrap_or("");
                data.python_base_packages
                    .iter()
                    .any(|b| b.eq_ignore_ascii_case(name))
            }) {
                return unsure(format!(
                    "line {} installs `{p}`, which the runtime image ships too; copied over it, two versions would mix",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}
