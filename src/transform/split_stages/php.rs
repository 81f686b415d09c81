//! PHP: `composer install` fills the app folder's vendor/ in the builder, and the runtime
//! (the builder's own image, which has no slim variant) takes the app folder whole and
//! the extensions the builder built, leaving out Composer, the packages only it used and
//! the headers the extensions were built against (stacks.toml's `[php]`).

use super::*;

/// A `COPY --from=<image>` that only brings Composer itself (`COPY --from=composer:2
/// /usr/bin/composer /usr/bin/composer`): its one source is the composer image's binary
/// (`[php] composer_sources`), and it lands as `composer` or in a folder. It stays in
/// the builder.
pub(super) fn toolchain_copy(inst: &Instruction) -> bool {
    let data = &stacks().php;
    let [source, dest] = inst.paths.as_slice() else {
        return false;
    };
    let dest = dest.value.trim_matches('"');
    data.composer_sources
        .iter()
        .any(|c| *c == source.value.trim_matches('"'))
        && (dest.ends_with('/') || dest.rsplit('/').next() == Some("composer"))
}

/// Where a `COPY --from=<image>` of Composer puts it (`toolchain_copy`): the runtime
/// lacks that path.
pub(super) fn toolchain_copy_dest(doc: &Document, inst: &Instruction) -> Sure<String> {
    let dest = inst.paths.last().map_or("", |w| w.value.trim_matches('"'));
    let path = if dest.ends_with('/') {
        format!("{dest}composer")
    } else {
        dest.to_string()
    };
    Ok(clean_path(&resolve(
        workdir_at(doc, inst.index)?.as_deref(),
        &path,
    )))
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
/// composer.json a vendor-dir or bin-dir outside the app folder, a path repository
/// outside it (Composer links path repositories into vendor/ by default, and the link
/// would point where the runtime has nothing), or a script or an installer setting
/// (`extra`: installer-paths, wordpress-install-dir, ...) naming a path outside it.
pub(super) fn composer_here(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    app: &str,
) -> Sure<()> {
    for (inst, c) in build_commands(doc, builds) {
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
        for section in ["scripts", "extra"] {
            if let Some(p) = json.get(section).and_then(|v| outside_path(v, app)) {
                return unsure(format!(
                    "composer.json's {section} names `{p}`, outside the app folder the runtime takes"
                ));
            }
        }
    }
    Ok(())
}

/// The first path in a JSON value (its strings and object keys, word by word) that is
/// absolute and outside `app`, or climbs out with `..`.
fn outside_path(v: &serde_json::Value, app: &str) -> Option<String> {
    let check = |s: &str| {
        s.split(|c: char| c.is_whitespace() || "\"'=;|&()<>`,".contains(c))
            .find(|w| {
                let w = w.trim_start_matches("{$name}");
                w.split('/').any(|seg| seg == "..")
                    || w.starts_with('/') && !under_dir(&clean_path(w), app)
            })
            .map(str::to_string)
    };
    match v {
        serde_json::Value::String(s) => check(s),
        serde_json::Value::Array(a) => a.iter().find_map(|x| outside_path(x, app)),
        serde_json::Value::Object(o) => o
            .iter()
            .find_map(|(k, x)| check(k).or_else(|| outside_path(x, app))),
        _ => None,
    }
}

/// The programs the PHP runtime lacks of what the builder had: Composer and those of
/// the apt packages it leaves out (`[php] left_out_programs`: git, unzip, 7z, ...; and
/// slim-base's table of the full images' tools: cmake, make, ...).
pub(super) fn php_lacks(program: &str, dropped: &[String]) -> bool {
    let program = program.rsplit('/').next().unwrap_or(program);
    let left_out = |pkg: &String| dropped.iter().any(|d| d == pkg);
    program == "composer"
        || stacks()
            .php
            .left_out_programs
            .get(program)
            .is_some_and(left_out)
        || images().lacks.get(program).is_some_and(left_out)
}

/// A word of `text` naming what the PHP runtime leaves out: Composer or a program of a
/// package left out (also as an operand: `php /usr/bin/composer start`, `$(which
/// composer)`), a path of Composer's home (`[php] left_out`) or where Composer was
/// copied to.
pub(super) fn php_left_out_word(
    text: &str,
    dropped: &[String],
    copied: &[String],
) -> Option<String> {
    let left_out = &stacks().php.left_out;
    // `$` is not a separator: `$HOME/.composer` and `${HOME}/.composer` are root's home.
    text.split(|c: char| c.is_whitespace() || "\"'=;|&()<>`,[]".contains(c))
        .filter(|w| !w.is_empty())
        .find(|w| {
            let p = in_root_home(w).unwrap_or_else(|| w.to_string());
            php_lacks(&p, dropped) || left_out.iter().chain(copied).any(|l| under_dir(&p, l))
        })
        .map(str::to_string)
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
/// folders. Some(true) when it removes something in `takes`: a COPY only adds files, so
/// the runtime must clear those folders before it copies them. `$PHP_INI_DIR` is the image's (`expand_known`); any other expansion, a
/// `..`, or a relative path after a `cd` or before any WORKDIR is not known: not.
pub(super) fn php_builder_write(
    doc: &Document,
    inst: &Instruction,
    e: &crate::effects::Effect,
    last_build: usize,
) -> Sure<Option<bool>> {
    let data = &stacks().php;
    if !data.builder_writes.contains(&e.program)
        || !e.known
        || e.runs_script
        || e.runs_commands
        || e.writes.is_empty() && e.removes.is_empty()
    {
        return Ok(None);
    }
    let moved = moved_before(doc, inst, e);
    let wd = workdir_at(doc, inst.index)?;
    let Some(app) = workdir_at(doc, last_build)? else {
        return Ok(None);
    };
    let home_set = sets_before(doc, inst.index, "HOME");
    let place = |p: &str| {
        let p = expand_known(Stack::Php, home_set, p);
        if p.contains(['$', '`', '~']) || p.split('/').any(|s| s == "..") {
            return None;
        }
        // Before any WORKDIR, a relative path is in the image's own (not known here).
        if !p.starts_with('/') && (moved || wd.is_none()) {
            return None;
        }
        Some(clean_path(&resolve(wd.as_deref(), &p)))
    };
    let in_takes = |p: &str| data.takes.iter().any(|t| under_dir(p, t));
    let mut clears = false;
    for p in e.writes.iter().chain(&e.removes) {
        match place(p) {
            Some(abs) if in_takes(&abs) || under_dir(&abs, &app) => {
                clears |= e.removes.contains(p) && in_takes(&abs);
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(clears))
}
