//! Ruby: `bundle install` and `gem install` put gems into GEM_HOME, which the runtime
//! takes from the builder with the app folder (where Bundler may have written its
//! lockfile or a vendored bundle).

use super::*;

/// A gem or bundle step that installs, or sets up installing, outside GEM_HOME and the
/// app folder: gem's folder options (`--install-dir`, `-i DIR`, `-i/opt/gems`, ...),
/// `gem update --system` (RubyGems itself, in /usr/local/lib/ruby), Bundler's folder
/// options naming a folder outside the app, `bundle config` of `path` or `bin` to such a
/// folder, and `bundle config` without `--local` (the global config is in
/// ~/.bundle/config, which the runtime does not take).
fn ruby_step(inv: &Invocation<'_>, inst: &Instruction) -> Sure<()> {
    let data = &stacks().ruby;
    let pos: Vec<&str> = inv
        .positionals(&[])
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    if inv.program == "gem" {
        // Short options may carry their value: `-i/opt/gems`, `-n/usr/bin`.
        let attached = |a: &crate::syntax::shell::ShellWord| {
            data.gem_outside.iter().any(|f| {
                f.len() == 2 && a.value.len() > 2 && a.value.starts_with(f.as_str())
                    || a.value.starts_with(&format!("{f}="))
                    || a.value == *f
            })
        };
        if inv.args.iter().any(attached) {
            return unsure(format!(
                "the gem step at line {} installs outside GEM_HOME",
                inst.line
            ));
        }
        if pos.first() == Some(&"update") && inv.has_flag(&["--system"]) {
            return unsure(format!(
                "line {} updates RubyGems itself, outside GEM_HOME",
                inst.line
            ));
        }
        return Ok(());
    }
    if !matches!(inv.program.as_str(), "bundle" | "bundler") {
        return Ok(());
    }
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
                "the bundle step at line {} names a folder outside the app",
                inst.line
            ));
        }
    }
    if pos.first() == Some(&"config") {
        if !inv.has_flag(&["--local"]) {
            return unsure(format!(
                "line {} may write Bundler's global config (~/.bundle/config), which the runtime does not take; use `bundle config set --local`",
                inst.line
            ));
        }
        if pos
            .windows(2)
            .any(|w| matches!(w[0], "path" | "bin") && outside_app(w[1]))
        {
            return unsure(format!(
                "line {} points Bundler at a folder outside the app",
                inst.line
            ));
        }
    }
    Ok(())
}

/// Every gem and bundle step up to the build (see `ruby_step`), and writes to RubyGems'
/// or Bundler's configuration files by other programs (an `echo` into /etc/gemrc can
/// name another --bindir).
pub(super) fn ruby_steps(doc: &Document, last_build: usize) -> Sure<()> {
    let data = &stacks().ruby;
    for inst in &doc.instructions[..=last_build] {
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        let effects = doc.effects(inst.index).unwrap_or_default();
        for (k, c) in body.commands.iter().enumerate() {
            let inv = Invocation::of(c);
            ruby_step(&inv, inst)?;
            if matches!(inv.program.as_str(), "gem" | "bundle" | "bundler") {
                continue;
            }
            let writes = effects.get(k).map_or(&[][..], |e| e.writes.as_slice());
            if let Some(w) = writes.iter().find(|w| {
                let name = w.rsplit('/').next().unwrap_or(w);
                data.config_files.iter().any(|f| f == name)
                    && (name != "config" || w.contains(".bundle/") || w.contains(&data.gem_home))
            }) {
                return unsure(format!(
                    "line {} writes `{w}`, a RubyGems or Bundler configuration that may move where gems go",
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
