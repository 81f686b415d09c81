//! Ruby: `bundle install` and `gem install` put gems into GEM_HOME, which the runtime
//! takes from the builder with the app folder (where Bundler may have written its
//! lockfile, local config or a vendored bundle).

use super::*;

/// A Ruby build step that installs outside GEM_HOME and the app folder: gem's own
/// folder options, `gem update --system` (RubyGems itself, in /usr/local/lib/ruby), or
/// Bundler's `--path`/`--binstubs` naming an absolute folder.
pub(super) fn ruby_build(inv: &Invocation<'_>, inst: &Instruction) -> Sure<()> {
    let data = &stacks().ruby;
    if inv.program == "gem" && inv.has_flag(&data.gem_outside) {
        return unsure(format!(
            "the gem install at line {} installs outside GEM_HOME",
            inst.line
        ));
    }
    if matches!(inv.program.as_str(), "bundle" | "bundler") {
        for (k, a) in inv.args.iter().enumerate() {
            let value = data.bundle_folders.iter().find_map(|f| {
                if a.value == *f {
                    inv.args.get(k + 1).map(|v| v.value.as_str())
                } else {
                    a.value.strip_prefix(&format!("{f}="))
                }
            });
            if value.is_some_and(outside_app) {
                return unsure(format!(
                    "the bundle install at line {} installs into a folder outside the app",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}

/// Ruby steps up to the build that change where gems go or RubyGems itself: `gem
/// update --system` (RubyGems lives in /usr/local/lib/ruby, which the runtime image has
/// in its own version) and `bundle config` of `path` or `bin` to a folder outside the
/// app.
pub(super) fn ruby_steps(doc: &Document, last_build: usize) -> Sure<()> {
    for inst in &doc.instructions[..=last_build] {
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        for c in &body.commands {
            let inv = Invocation::of(c);
            let pos: Vec<&str> = inv
                .positionals(&[])
                .iter()
                .map(|w| w.value.as_str())
                .collect();
            if inv.program == "gem" && pos.first() == Some(&"update") && inv.has_flag(&["--system"])
            {
                return unsure(format!(
                    "line {} updates RubyGems itself, outside GEM_HOME",
                    inst.line
                ));
            }
            if matches!(inv.program.as_str(), "bundle" | "bundler")
                && pos.first() == Some(&"config")
                && pos
                    .windows(2)
                    .any(|w| matches!(w[0], "path" | "bin") && outside_app(w[1]))
            {
                return unsure(format!(
                    "line {} points Bundler at a folder outside the app",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}

/// A folder Bundler would resolve outside the app folder (or that the shell expands).
fn outside_app(v: &str) -> bool {
    v.starts_with(['/', '~']) || v.contains('$') || v.split('/').any(|p| p == "..")
}

/// Whether every build step is a `gem install` (no Bundler project is built).
pub(super) fn gems_only(doc: &Document, builds: &[Build]) -> bool {
    builds.iter().all(|b| {
        shell_run(doc, &doc.instructions[b.inst]).is_some_and(|body| {
            body.commands.iter().all(|c| {
                let inv = Invocation::of(c);
                !is_build(Stack::Ruby, &inv) || inv.program == "gem"
            })
        })
    })
}
