//! PHP: `composer install` fills the app folder's vendor/ in the builder, and the runtime
//! (the builder's own image, which has no slim variant) takes the app folder whole and
//! the extensions the builder built, leaving out Composer, the packages only it used and
//! the headers the extensions were built against (stacks.toml's `[php]`).

use super::*;

/// A `COPY --from=<image>` that only brings Composer itself (`COPY --from=composer:2
/// /usr/bin/composer /usr/bin/composer`): every source and the destination name a
/// toolchain program, or the destination is a folder. It stays in the builder.
pub(super) fn toolchain_copy(inst: &Instruction) -> bool {
    let tools = &stacks().toolchains[Stack::Php.key()].programs;
    let named = |p: &str| {
        let base = p.trim_matches('"').trim_end_matches('/');
        let base = base.rsplit('/').next().unwrap_or(base);
        tools.iter().any(|t| t == base)
    };
    let Some((dest, sources)) = inst.paths.split_last() else {
        return false;
    };
    !sources.is_empty()
        && sources.iter().all(|s| named(&s.value))
        && (dest.value.trim_matches('"').ends_with('/') || named(&dest.value))
}

/// A COPY or ADD before the first WORKDIR with a relative destination: the php images
/// set their own WORKDIR (/var/www/html), which dockerlean does not take as known, so
/// where it lands (in the app folder or not) is not certain.
pub(super) fn relative_before_workdir(doc: &Document, inst: &Instruction) -> Sure<()> {
    let dest = inst.paths.last().map_or("", |w| w.value.trim_matches('"'));
    let workdir_before = doc.instructions[..inst.index]
        .iter()
        .any(|i| i.kind == Kind::Workdir);
    if !dest.starts_with('/') && !workdir_before {
        return unsure(format!(
            "line {} copies to a relative path before any WORKDIR, which the php image's own WORKDIR decides",
            inst.line
        ));
    }
    Ok(())
}

/// What Composer would put outside the app folder, which the runtime takes alone:
/// `-d`/`--working-dir` pointing it at another project, and in the build context's
/// composer.json a vendor-dir or bin-dir outside the app folder, or a path repository
/// outside it (Composer links path repositories into vendor/ by default, and the link
/// would point where the runtime has nothing).
pub(super) fn composer_here(doc: &Document, ctx: &Context, builds: &[Build]) -> Sure<()> {
    for b in builds {
        let inst = &doc.instructions[b.inst];
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        for c in &body.commands {
            let inv = Invocation::of(c);
            // Symfony's console reads `-nd/app` as `-n -d /app`: any short cluster
            // with a `d` may name the folder.
            let short_d = inv.args.iter().any(|a| {
                a.value
                    .strip_prefix('-')
                    .is_some_and(|r| !r.starts_with('-') && r.contains('d'))
            });
            if inv.program == "composer" && (short_d || inv.has_flag(&["--working-dir"])) {
                return unsure(format!(
                    "line {} points Composer at another folder, which the runtime would not take",
                    inst.line
                ));
            }
        }
    }
    let outside = |p: &str| {
        p.starts_with(['/', '~', '$']) || p.contains('$') || p.split('/').any(|s| s == "..")
    };
    for path in context_files(ctx, &["composer.json"]) {
        let Some(json) = read_json(&path) else {
            return unsure("a composer.json of the build context cannot be read");
        };
        let config = json.get("config");
        for key in ["vendor-dir", "bin-dir"] {
            if let Some(v) = config.and_then(|c| c.get(key)).and_then(|v| v.as_str())
                && outside(v)
            {
                return unsure(format!(
                    "composer.json sets {key} to `{v}`, outside the app folder the runtime takes"
                ));
            }
        }
        let repos: Vec<&serde_json::Value> = match json.get("repositories") {
            Some(serde_json::Value::Array(a)) => a.iter().collect(),
            Some(serde_json::Value::Object(o)) => o.values().collect(),
            _ => Vec::new(),
        };
        for r in repos {
            if r.get("type").and_then(|t| t.as_str()) == Some("path")
                && let Some(url) = r.get("url").and_then(|u| u.as_str())
                && outside(url)
            {
                return unsure(format!(
                    "composer.json takes a package from `{url}`, outside the app folder: vendor/ would link to what the runtime lacks"
                ));
            }
        }
    }
    Ok(())
}

/// The programs the PHP runtime lacks of what the builder had: the toolchain's
/// (composer) and those of the apt packages it leaves out (slim-base's table of which
/// package brings which program: git, unzip, ...).
pub(super) fn php_lacks(program: &str, dropped: &[String]) -> bool {
    let tools = &stacks().toolchains[Stack::Php.key()].programs;
    tools.iter().any(|t| t == program)
        || images()
            .lacks
            .get(program)
            .is_some_and(|pkg| dropped.iter().any(|d| d == pkg))
}

/// A Composer step that is not a build: only those of `[php] composer_steps`, and
/// `config` only for the project (not `-g`/`--global`), stay in the builder; any other
/// may install or write where the runtime does not take it.
pub(super) fn composer_step(inv: &Invocation<'_>, inst: &Instruction) -> Sure<()> {
    if inv.program != "composer" || is_build(Stack::Php, inv) {
        return Ok(());
    }
    let words = inv.positionals(&program_with_value(&inv.program));
    let first = words.first().map_or("", |w| w.value.as_str());
    let first = if first.is_empty() {
        // `composer --version`: no positional word, the option is the step.
        inv.args.first().map_or("", |a| a.value.as_str())
    } else {
        first
    };
    let known = stacks().php.composer_steps.iter().any(|s| s == first);
    if !known || first == "config" && inv.has_flag(&["-g", "--global"]) {
        return unsure(format!(
            "line {} runs `composer {first}`, which may install or write where the runtime would not take it",
            inst.line
        ));
    }
    Ok(())
}

/// A step before the build of one of `[php] builder_writes` whose every write and
/// removal lands in what the runtime takes from the builder (`[php] takes`, the app
/// folder): it stays in the builder, and its result reaches the runtime with those
/// folders. `$PHP_INI_DIR` is the image's (`expand_known`); any other expansion, a
/// `..`, or a relative path after a `cd` or before any WORKDIR is not known: not.
pub(super) fn php_builder_write(
    doc: &Document,
    inst: &Instruction,
    e: &crate::effects::Effect,
    last_build: usize,
) -> Sure<bool> {
    let data = &stacks().php;
    if !data.builder_writes.contains(&e.program)
        || !e.known
        || e.runs_script
        || e.runs_commands
        || e.writes.is_empty() && e.removes.is_empty()
    {
        return Ok(false);
    }
    let moved = moved_before(doc, inst, e);
    let wd = workdir_at(doc, inst.index)?;
    let Some(app) = workdir_at(doc, last_build)? else {
        return Ok(false);
    };
    let home_set = sets_before(doc, inst.index, "HOME");
    Ok(e.writes.iter().chain(&e.removes).all(|p| {
        let p = expand_known(Stack::Php, home_set, p);
        if p.contains(['$', '`', '~']) || p.split('/').any(|s| s == "..") {
            return false;
        }
        // Before any WORKDIR, a relative path is in the image's own (not known here).
        if !p.starts_with('/') && (moved || wd.is_none()) {
            return false;
        }
        let abs = resolve(wd.as_deref(), &p);
        let abs = abs.trim_end_matches('/');
        data.takes.iter().any(|t| under_dir(abs, t)) || under_dir(abs, &app)
    }))
}
